import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { adminApi, type SetupState } from './adminApi';
import { api, setUnauthorizedHandler } from './api';
import { Forgot, Invite, Login, Reset } from './Auth';
import { parseHash, type Route } from './router';
import { Setup } from './Setup';
import { SignupComplete, SignupRequest } from './Signup';
import { Shell } from './Shell';
import type { Me, NewWorkspace } from './types';
import './styles.css';

function useRoute(): Route {
  const [route, setRoute] = useState(() => parseHash(location.hash));
  useEffect(() => {
    const on = () => setRoute(parseHash(location.hash));
    addEventListener('hashchange', on);
    return () => removeEventListener('hashchange', on);
  }, []);
  return route;
}

/** Whether this server still needs its first owner; a server without the route (or down) does not. */
async function setupState(): Promise<SetupState> {
  try {
    return await adminApi.setupState();
  } catch {
    return { needed: false, token_required: false };
  }
}

function Root() {
  const route = useRoute();
  const [setup, setSetup] = useState<SetupState | undefined>(undefined);
  const [me, setMe] = useState<Me | null | undefined>(undefined);
  const [welcome, setWelcome] = useState<NewWorkspace | null>(null);
  const loadMe = () =>
    api.me().then(
      (r) => setMe(r.agent ? r : null),
      () => setMe(null),
    );
  useEffect(() => {
    setUnauthorizedHandler(() => setMe(null));
    setupState().then((s) => {
      setSetup(s);
      if (!s.needed) loadMe();
    });
  }, []);
  if (setup === undefined) return <p class="loading" aria-busy="true">Loading…</p>;
  if (setup.needed && !me)
    return (
      <Setup
        tokenRequired={setup.token_required}
        onDone={(m, ws) => {
          location.hash = '#/';
          setSetup({ needed: false, token_required: false });
          setWelcome(ws);
          setMe(m);
        }}
      />
    );
  if (route.name == 'forgot') return <Forgot />;
  if (route.name == 'reset') return <Reset token={route.token} />;
  if (route.name == 'invite') return <Invite token={route.token} onSignedIn={setMe} />;
  if (route.name == 'signup' && route.token)
    return (
      <SignupComplete
        token={route.token}
        onDone={(m, ws) => {
          setWelcome(ws);
          setMe(m);
        }}
      />
    );
  if (route.name == 'signup' && !me) return <SignupRequest />;
  if (me === undefined) return <p class="loading" aria-busy="true">Loading…</p>;
  if (me === null) return <Login onSignedIn={setMe} signupOpen={setup.signup == 'open'} />;
  // Keyed by the agent: another workspace is another agent row, so switching starts a fresh inbox and socket.
  return (
    <Shell
      key={me.agent.id}
      session={me}
      route={route}
      welcome={welcome}
      onWelcomeClosed={() => setWelcome(null)}
      onSessionChanged={(m) => (setWelcome(null), setMe(m))}
      onSignedOut={() => setMe(null)}
    />
  );
}

render(<Root />, document.getElementById('app')!);
