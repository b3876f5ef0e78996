/**
 * Files of the visitor's conversations as object URLs: the API wants the visitor's token in a header,
 * which an <img src> or a link cannot send, so each file (or thumbnail) is fetched once, kept as a blob
 * URL for every place that shows it, and revoked when the chat ends (clear). The request is made here
 * rather than in api.ts: this code loads with the first file, not with the frame.
 */

import { ApiError, type VisitorApi } from './api';

export class FileUrls {
  private urls = new Map<string, Promise<string>>();

  constructor(
    private readonly api: Pick<VisitorApi, 'base' | 'token'>,
    private readonly fetcher: typeof fetch = (...args) => fetch(...args),
  ) {}

  /** The object URL of a file or its thumbnail; a failed fetch is forgotten, so a later call tries again. */
  get(id: string, thumbnail = false): Promise<string> {
    const key = id + (thumbnail ? '/t' : '');
    let url = this.urls.get(key);
    if (!url) {
      url = this.blob(id, thumbnail).then((blob) => URL.createObjectURL(blob));
      url.catch(() => this.urls.delete(key));
      this.urls.set(key, url);
    }
    return url;
  }

  /** Saves a file under its name: a link to its object URL, clicked. */
  async download(id: string, name: string) {
    const a = document.createElement('a');
    a.href = await this.get(id);
    a.download = name;
    a.click();
  }

  /** GET /api/v1/files/{id}[/thumbnail] with the visitor's token. */
  private async blob(id: string, thumbnail: boolean): Promise<Blob> {
    const url = this.api.base + 'files/' + encodeURIComponent(id) + (thumbnail ? '/thumbnail' : '');
    const response = await this.fetcher(url, { headers: { Authorization: 'Bearer ' + this.api.token } }).catch(() => null);
    if (!response?.ok) throw new ApiError(response?.status ?? 0);
    return response.blob();
  }

  clear() {
    for (const url of this.urls.values()) url.then(URL.revokeObjectURL, () => {});
    this.urls.clear();
  }
}
