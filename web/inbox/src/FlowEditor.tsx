/**
 * The Bots settings page (owners and admins; docs/bots.md, docs/flow-editor.md): the list of flows, and one flow's
 * editor — settings, trigger and steps as forms, validation shown at the steps it names, save, publish, a preview
 * chat and the figures of its versions. Loaded on demand (Settings.tsx imports it dynamically), with its own CSS.
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
import { api, errorText } from './api';
import { FlowList } from './FlowList';
import { FlowPreview } from './FlowPreview';
import { type Flow, flowsApi, type Problem, TRIGGERS } from './flows';
import { checkLocally, fieldPath, focusTargets, mapProblems, mergeProblems, type Model, problemsAt, toDefinition, toModel } from './flowModel';
import { FlowStats } from './FlowStats';
import { FieldProblems, invalid } from './FlowFields';
import { FlowSteps } from './FlowSteps';
import { Status, useLoad } from './Settings';
import type { Agent } from './types';
import './flows.css';
import { appsApi } from './apps';

const TRIGGER_LABELS: Record<string, string> = {
  conversation_started: 'When a chat starts',
  first_message: 'When the visitor writes first',
  page: 'On matching pages',
  ref: 'When the visitor’s ref matches',
  outside_hours: 'Outside business hours',
};

export function FlowEditor() {
  const [open, setOpen] = useState<string | null>(null);
  const [flows, error, reload] = useLoad(() => flowsApi.list());
  const [agents] = useLoad(() => api.agents().then((r) => r.agents));
  // A handoff may go to a bot app (docs/apps.md); without apps (or on an older server) the choice is not shown.
  const [apps] = useLoad(() => appsApi.list().then((r) => r.apps).catch(() => []));
  if (open)
    return (
      <FlowForm
        id={open}
        agents={agents ?? []}
        apps={apps ?? []}
        onClose={() => {
          setOpen(null);
          reload();
        }}
      />
    );
  return (
    <div data-testid="bots-page">
      {error && <Status text={error} error />}
      {!flows && !error && <p aria-busy="true">Loading…</p>}
      {flows && <FlowList flows={flows} onOpen={setOpen} onChanged={reload} />}
    </div>
  );
}
export default FlowEditor;

const snapshot = (m: Model, enabled: boolean) => JSON.stringify({ d: toDefinition(m), enabled });
const LEAVE = 'This flow has unsaved changes. Leave without saving them?';

function FlowForm({ id, agents, apps, onClose }: { id: string; agents: Agent[]; apps: { id: string; name: string }[]; onClose: () => void }) {
  const [flow, setFlow] = useState<Flow | null>(null);
  const [model, setModel] = useState<Model | null>(null);
  const [enabled, setEnabled] = useState(false);
  const [saved, setSaved] = useState('');
  const [problems, setProblems] = useState<Problem[] | null>(null);
  const [msg, setMsg] = useState<[string, boolean]>(['', false]);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [loadError, setLoadError] = useState('');

  useEffect(() => {
    flowsApi.get(id).then(
      (f) => {
        const m = toModel(f.draft, f.name);
        setFlow(f);
        setModel(m);
        setEnabled(f.enabled);
        setSaved(snapshot(m, f.enabled));
        document.getElementById('fe-heading')?.focus();
      },
      (e) => setLoadError(errorText(e)),
    );
  }, [id]);

  const dirty = !!model && snapshot(model, enabled) != saved;
  // The browser's own warning on closing or reloading the tab, and a confirm() on in-app links, while unsaved.
  useEffect(() => {
    if (!dirty) return;
    const unload = (e: BeforeUnloadEvent) => {
      e.preventDefault();
      e.returnValue = '';
    };
    const click = (e: MouseEvent) => {
      const a = (e.target as Element | null)?.closest?.('a[href^="#"]');
      if (a && !confirm(LEAVE)) {
        e.preventDefault();
        e.stopPropagation();
      }
    };
    addEventListener('beforeunload', unload);
    document.addEventListener('click', click, true);
    return () => {
      removeEventListener('beforeunload', unload);
      document.removeEventListener('click', click, true);
    };
  }, [dirty]);

  // New problems: bring their summary into view (it is an alert, so screen readers hear it anyway).
  useEffect(() => {
    if (problems?.length) document.querySelector('[data-testid=flow-problems]')?.scrollIntoView?.({ block: 'nearest' });
  }, [problems]);

  const mapped = useMemo(() => (model ? mapProblems(model, problems ?? []) : { flow: [], byStep: {} }), [model, problems]);

  if (loadError)
    return (
      <>
        <Status text={loadError} error />
        <button type="button" onClick={onClose}>
          ← All flows
        </button>
      </>
    );
  if (!model || !flow) return <p aria-busy="true">Loading…</p>;
  const m = model;

  /** The server's problems merged with the browser's own checks; only the latter when the server cannot say. */
  async function check(): Promise<Problem[]> {
    const local = checkLocally(m);
    try {
      return mergeProblems(await flowsApi.validate(toDefinition(m)), local);
    } catch (e) {
      setMsg([`${errorText(e)} Only the checks made in the browser are shown.`, true]);
      return local;
    }
  }
  async function act(what: () => Promise<void>) {
    if (busy) return;
    setBusy(true);
    setMsg(['', false]);
    setNote('');
    try {
      await what();
    } catch (e) {
      setMsg([errorText(e), true]);
    } finally {
      setBusy(false);
    }
  }
  async function save() {
    const f = await flowsApi.update(id, { name: m.name.trim(), definition: toDefinition(m), enabled });
    setSaved(snapshot(m, enabled));
    setFlow({ ...flow!, ...(f?.id ? f : {}), name: m.name.trim(), enabled });
  }
  const validate = () =>
    act(async () => {
      const p = await check();
      setProblems(p);
      if (!p.length) setMsg(['No problems found.', false]);
    });
  const saveDraft = () =>
    act(async () => {
      await save();
      const p = await check();
      setProblems(p);
      setMsg([p.length ? `Draft saved, with ${p.length} problem${p.length == 1 ? '' : 's'} to fix before publishing.` : 'Draft saved.', false]);
    });
  const publish = () =>
    act(async () => {
      if (dirty) await save();
      const r = await flowsApi.publish(id);
      if ('problems' in r) {
        setProblems(r.problems);
        setMsg(['Not published: fix the problems listed above.', true]);
        return;
      }
      setProblems([]);
      setMsg([`Version ${r.version} published`, false]);
      setFlow(await flowsApi.get(id).catch(() => ({ ...flow!, published_version: r.version })));
    });
  function focusProblem(p: Problem) {
    for (const target of focusTargets(m, p)) {
      const el = document.getElementById(target);
      if (el) {
        el.scrollIntoView?.({ block: 'center' });
        el.focus();
        return;
      }
    }
  }
  const setTrigger = (patch: Partial<Model['trigger']>) => setModel({ ...m, trigger: { ...m.trigger, ...patch } });
  const flowAt = (...path: string[]) => problemsAt(mapped.flow, ...path);
  const list = problems ?? [];
  // The trigger's fields with a control of their own; a problem of another one shows under the trigger's select.
  const triggerFields = m.trigger.type == 'page' ? ['url_pattern', 'seconds_on_page'] : m.trigger.type == 'ref' ? ['ref'] : [];

  return (
    <div class="fe" data-testid="flow-editor" data-flow-id={id}>
      <div class="row wrap fe-top">
        <button type="button" data-testid="flow-back" onClick={() => (!dirty || confirm(LEAVE)) && onClose()}>
          ← All flows
        </button>
        <h2 id="fe-heading" tabIndex={-1}>
          {flow.name}
        </h2>
        <span class="muted">{flow.published_version ? `Version ${flow.published_version} published` : 'Not published yet'}</span>
        {dirty && (
          <span class="fe-dirty" data-testid="flow-dirty">
            Unsaved changes
          </span>
        )}
      </div>
      <div class="row wrap fe-actions" role="group" aria-label="Flow actions">
        <button type="button" data-testid="flow-validate" disabled={busy} onClick={validate}>
          Validate
        </button>
        <button type="button" data-testid="flow-save" disabled={busy} onClick={saveDraft}>
          Save draft
        </button>
        <button type="button" class="primary" data-testid="flow-publish" disabled={busy} onClick={publish}>
          Publish
        </button>
      </div>
      <div data-testid="flow-message">
        <Status text={msg[0]} error={msg[1]} />
      </div>
      {note && (
        <p class="muted" role="status">
          {note}
        </p>
      )}
      {list.length > 0 && (
        <div class="fe-summary" role="alert" data-testid="flow-problems">
          <h3>
            {list.length} problem{list.length == 1 ? '' : 's'} to fix
          </h3>
          <ul>
            {list.map((p, i) => (
              <li key={i}>
                <button type="button" class="link" data-testid="flow-problem" data-step={p.step ?? ''} data-field={p.field ?? ''} onClick={() => focusProblem(p)}>
                  {p.step ? `Step ${p.step}` : 'Flow'}
                  {p.field ? ` · ${p.field}` : ''}: {p.message}
                </button>
              </li>
            ))}
          </ul>
        </div>
      )}
      <div class="fe-layout">
        <div class="fe-main">
          <section class="fe-settings" aria-labelledby="fe-settings-heading" id="fe-flow" tabIndex={-1}>
            <h2 id="fe-settings-heading">Settings</h2>
            <FieldProblems id="fe-flow-problems" list={mapped.flow.filter((p) => !['name', 'trigger', 'timeout_seconds'].includes(fieldPath(p.field)[0]))} />
            <div class="fe-grid">
              <div class="fe-field">
                <label for="fe-flow-name">Name</label>
                <input id="fe-flow-name" data-testid="flow-name" required maxLength={100} value={m.name} {...invalid('fe-flow-name', flowAt('name'))} onInput={(e) => setModel({ ...m, name: e.currentTarget.value })} />
                <FieldProblems id="fe-flow-name-problems" list={flowAt('name')} />
              </div>
              <label class="check fe-enabled">
                <input type="checkbox" data-testid="flow-enabled-edit" checked={enabled} onChange={(e) => setEnabled(e.currentTarget.checked)} />
                Enabled (runs once published)
              </label>
            </div>
            <div class="fe-grid">
              <div class="fe-field">
                <label for="fe-flow-trigger">Runs</label>
                <select id="fe-flow-trigger" data-testid="flow-trigger" value={m.trigger.type} {...invalid('fe-flow-trigger', flowAt('trigger'))} onChange={(e) => setTrigger({ type: e.currentTarget.value })}>
                  {(TRIGGERS as readonly string[]).includes(m.trigger.type) ? null : <option value={m.trigger.type}>{m.trigger.type || 'Choose…'}</option>}
                  {TRIGGERS.map((t) => (
                    <option key={t} value={t}>
                      {TRIGGER_LABELS[t]}
                    </option>
                  ))}
                </select>
                <FieldProblems id="fe-flow-trigger-problems" list={flowAt('trigger').filter((p) => !triggerFields.includes(fieldPath(p.field)[1]))} />
              </div>
              {m.trigger.type == 'page' && (
                <>
                  <div class="fe-field">
                    <label for="fe-flow-trigger-url_pattern">Page URL pattern (* matches anything)</label>
                    <input
                      id="fe-flow-trigger-url_pattern"
                      placeholder="https://shop.example/sale/*"
                      value={m.trigger.url_pattern}
                      {...invalid('fe-flow-trigger-url_pattern', flowAt('trigger', 'url_pattern'))}
                      onInput={(e) => setTrigger({ url_pattern: e.currentTarget.value })}
                    />
                    <FieldProblems id="fe-flow-trigger-url_pattern-problems" list={flowAt('trigger', 'url_pattern')} />
                  </div>
                  <div class="fe-field">
                    <label for="fe-flow-trigger-seconds_on_page">Open after seconds on the page (optional)</label>
                    <input
                      id="fe-flow-trigger-seconds_on_page"
                      type="number"
                      min={0}
                      inputMode="numeric"
                      value={m.trigger.seconds_on_page}
                      {...invalid('fe-flow-trigger-seconds_on_page', flowAt('trigger', 'seconds_on_page'))}
                      onInput={(e) => setTrigger({ seconds_on_page: e.currentTarget.value })}
                    />
                    <FieldProblems id="fe-flow-trigger-seconds_on_page-problems" list={flowAt('trigger', 'seconds_on_page')} />
                  </div>
                </>
              )}
              {m.trigger.type == 'ref' && (
                <div class="fe-field">
                  <label for="fe-flow-trigger-ref">Ref</label>
                  <input id="fe-flow-trigger-ref" value={m.trigger.ref} {...invalid('fe-flow-trigger-ref', flowAt('trigger', 'ref'))} onInput={(e) => setTrigger({ ref: e.currentTarget.value })} />
                  <FieldProblems id="fe-flow-trigger-ref-problems" list={flowAt('trigger', 'ref')} />
                </div>
              )}
              <div class="fe-field">
                <label for="fe-flow-timeout_seconds">Hand off when the visitor has not answered for (seconds)</label>
                <input
                  id="fe-flow-timeout_seconds"
                  type="number"
                  min={1}
                  inputMode="numeric"
                  placeholder="600"
                  value={m.timeout}
                  {...invalid('fe-flow-timeout_seconds', flowAt('timeout_seconds'))}
                  onInput={(e) => setModel({ ...m, timeout: e.currentTarget.value })}
                />
                <FieldProblems id="fe-flow-timeout_seconds-problems" list={flowAt('timeout_seconds')} />
              </div>
            </div>
          </section>
          <FlowSteps model={m} setModel={setModel} problems={mapped.byStep} agents={agents} apps={apps} onNote={setNote} />
        </div>
        <FlowPreview definition={() => toDefinition(m)} />
      </div>
      <FlowStats flowId={id} published={flow.published_version} />
    </div>
  );
}
