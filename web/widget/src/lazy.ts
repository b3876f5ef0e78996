/**
 * The widget's code for files (attach.tsx) is a chunk of its own, loaded on first use: the first
 * file picked, pasted or dropped, or the first message with files on screen. Most visitors never
 * send or receive one, and the first open stays within its size budget.
 */

import { useEffect, useState } from 'preact/hooks';

type Attach = typeof import('./attach');

let loaded: Attach | undefined;
let loading: Promise<Attach> | undefined;

/** Loads the chunk once; a failed load (offline) is tried again on the next call. */
export function loadAttach(): Promise<Attach> {
  return (loading ||= import('./attach').then(
    (m) => (loaded = m),
    (e) => {
      loading = undefined;
      throw e;
    },
  ));
}

/** The chunk if it has loaded (files are attached only once it has). */
export const attachLoaded = () => loaded;

/** The chunk for a component that shows files (when `wanted`): loads it, then renders again. */
export function useAttach(wanted = true): Attach | undefined {
  const [m, setM] = useState(loaded);
  useEffect(() => {
    if (!m && wanted) loadAttach().then(setM, () => {});
  }, [wanted]);
  return m;
}
