import { format } from '../../shared/i18n';
import type { WidgetConfig } from '../../shared/protocol';
import type { Text } from '../../shared/strings';
import { BackIcon, CloseIcon } from './Icons';

type Props = { config: WidgetConfig; text: Text; onBack?: () => void; onClose: () => void };

export function Header({ config, text, onBack, onClose }: Props) {
  const availability = config.team_online
    ? text.online
    : config.expected_reply_time
      ? format(text.repliesIn, { time: config.expected_reply_time })
      : '';
  return (
    <header class="head">
      {onBack && (
        <button type="button" class="icon" aria-label={text.back} onClick={onBack}>
          <BackIcon />
        </button>
      )}
      <div class="who">
        <h1 id="parley-title">{config.workspace_name}</h1>
        {availability && (
          <p class={config.team_online ? 'online' : ''}>{availability}</p>
        )}
      </div>
      <button type="button" class="icon" aria-label={text.close} onClick={onClose}>
        <CloseIcon />
      </button>
    </header>
  );
}
