import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { api, setUnauthorizedHandler } from './api';
import { Forgot, Invite, Login, Reset } from './Auth';
import { parseHash, type Route } from './router';
import { Shell } from './Shell';
import type { Agent } from './types';
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

function Root() {
  const route = useRoute();
  const [me, setMe] = useState<Agent | null | undefined>(undefined);
  useEffect(() => {
    setUnauthorizedHandler(() => setMe(null));
    api.me().then(
      (r) => setMe(r.agent ?? null),
      () => setMe(null),
    );
  }, []);
  if (route.name == 'forgot') return <Forgot />;
  if (route.name == 'reset') return <Reset token={route.token} />;
  if (route.name == 'invite') return <Invite token={route.token} onSignedIn={setMe} />;
  if (me === undefined) return <p class="loading" aria-busy="true">Loading…</p>;
  if (me === null) return <Login onSignedIn={setMe} />;
  return <Shell key={me.id} me={me} route={route} onSignedOut={() => setMe(null)} />;
}

render(<Root />, document.getElementById('app')!);
