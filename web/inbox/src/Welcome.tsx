/** Shown once, right after the first-run setup: what to paste into the site, and a page to try the widget on. */
import { OnceSecret } from './Settings';
import type { NewWorkspace } from './types';
import { snippet } from './WorkspaceSettings';

export function Welcome({ workspace, onClose }: { workspace: NewWorkspace; onClose: () => void }) {
  return (
    <section class="welcome" aria-labelledby="welcome-title" data-testid="welcome">
      <h2 id="welcome-title">Welcome to Parley, {workspace.name}</h2>
      <p>Paste this snippet into your site’s pages, before &lt;/body&gt;. Conversations from your visitors then appear here.</p>
      <OnceSecret label="Widget snippet" value={snippet(location.origin, workspace.widget_key)} testid="welcome-snippet" multiline />
      <p class="row wrap">
        {/* /app/try is a server page embedding this workspace's widget: a new tab keeps the inbox open to answer. */}
        <a class="button primary" href="/app/try" target="_blank" rel="noopener" data-testid="welcome-try">
          Test your widget (opens a new tab)
        </a>
        <a class="button" href="#/settings/team">
          Invite your team
        </a>
        <button type="button" data-testid="welcome-close" onClick={onClose}>
          Close
        </button>
      </p>
    </section>
  );
}
