/** The Bots page's list of flows: order (first match wins), enabled, published version; create and delete. */
import { useState } from 'preact/hooks';
import { errorText } from './api';
import { describeTrigger, type Flow, flowsApi, reorder } from './flows';
import { Status } from './Settings';

export function FlowList({ flows, onOpen, onChanged }: { flows: Flow[]; onOpen: (id: string) => void; onChanged: () => void }) {
  const [name, setName] = useState('');
  const [msg, setMsg] = useState<[string, boolean]>(['', false]);
  async function run(what: () => Promise<unknown>, done?: string) {
    try {
      await what();
      setMsg([done ?? '', false]);
    } catch (e) {
      setMsg([errorText(e), true]);
    }
    onChanged();
  }
  const move = (i: number, j: number) =>
    run(async () => {
      for (const p of reorder(flows, i, j)) await flowsApi.update(p.id, { position: p.position });
    }, `“${flows[i].name}” moved ${j < i ? 'up' : 'down'}.`);
  return (
    <section aria-labelledby="flows-heading" class="flow-list">
      <h2 id="flows-heading">Flows</h2>
      <p class="muted">
        When a chat starts, the first enabled, published flow whose trigger holds runs. Agents are not notified while a flow
        holds the conversation; it hands off to the team with what it gathered.
      </p>
      <Status text={msg[0]} error={msg[1]} />
      {flows.length ? (
        <table class="table" data-testid="flow-list">
          <thead>
            <tr>
              <th scope="col">Order</th>
              <th scope="col">Name</th>
              <th scope="col">Trigger</th>
              <th scope="col">Enabled</th>
              <th scope="col">Published</th>
              <th scope="col">
                <span class="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {flows.map((f, i) => (
              <tr key={f.id} data-flow-id={f.id}>
                <td class="nowrap">
                  <button type="button" aria-label={`Move “${f.name}” up`} disabled={i == 0} onClick={() => move(i, i - 1)}>
                    ↑
                  </button>{' '}
                  <button type="button" aria-label={`Move “${f.name}” down`} disabled={i == flows.length - 1} onClick={() => move(i, i + 1)}>
                    ↓
                  </button>
                </td>
                <td>
                  <button type="button" class="link" data-testid="flow-open" onClick={() => onOpen(f.id)}>
                    {f.name}
                  </button>
                </td>
                <td>{describeTrigger(f.draft?.trigger)}</td>
                <td>
                  <input
                    type="checkbox"
                    aria-label={`“${f.name}” enabled`}
                    data-testid="flow-enabled"
                    checked={f.enabled}
                    onChange={(e) => {
                      const enabled = e.currentTarget.checked;
                      run(() => flowsApi.update(f.id, { enabled }), `“${f.name}” ${enabled ? 'enabled' : 'disabled'}.`);
                    }}
                  />
                </td>
                <td>{f.published_version ? `Version ${f.published_version}` : <span class="muted">Draft only</span>}</td>
                <td>
                  <button type="button" onClick={() => onOpen(f.id)}>
                    Edit<span class="sr-only"> “{f.name}”</span>
                  </button>{' '}
                  <button
                    type="button"
                    data-testid="flow-delete"
                    onClick={() => {
                      if (confirm(`Delete the flow “${f.name}”? Conversations it is running finish on their version.`))
                        run(() => flowsApi.remove(f.id), `“${f.name}” deleted.`);
                    }}
                  >
                    Delete<span class="sr-only"> “{f.name}”</span>
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p data-testid="flow-list-empty">No flows yet.</p>
      )}
      <h2>New flow</h2>
      <form
        class="row wrap"
        data-testid="flow-new-form"
        onSubmit={async (e) => {
          e.preventDefault();
          try {
            const flow = await flowsApi.create(name.trim(), { name: name.trim(), trigger: { type: 'conversation_started' }, steps: [] });
            setName('');
            onOpen(flow.id);
          } catch (err) {
            setMsg([errorText(err), true]);
          }
        }}
      >
        <label for="flow-new-name">Name</label>
        <input id="flow-new-name" data-testid="flow-new-name" required maxLength={100} value={name} onInput={(e) => setName(e.currentTarget.value)} />
        <button class="primary" type="submit" data-testid="flow-create">
          Create flow
        </button>
      </form>
    </section>
  );
}
