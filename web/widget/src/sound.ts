/** A short two-tone chime made with WebAudio: no audio file to download. */

let context: AudioContext | undefined;

/** Browsers allow sound only after a gesture in this frame: make the context on the first one. */
export function unlockSound(target: EventTarget = window) {
  const unlock = () => {
    try {
      context ||= new AudioContext();
      context.resume();
    } catch {}
  };
  target.addEventListener('pointerdown', unlock, { once: true });
  target.addEventListener('keydown', unlock, { once: true });
}

export function beep() {
  if (!context || context.state != 'running') return;
  const t = context.currentTime;
  const gain = context.createGain();
  gain.connect(context.destination);
  gain.gain.setValueAtTime(0.0001, t);
  gain.gain.exponentialRampToValueAtTime(0.12, t + 0.02);
  gain.gain.exponentialRampToValueAtTime(0.0001, t + 0.45);
  [660, 880].forEach((frequency, i) => {
    const tone = context!.createOscillator();
    tone.frequency.value = frequency;
    tone.connect(gain);
    tone.start(t + i * 0.12);
    tone.stop(t + 0.45);
  });
}
