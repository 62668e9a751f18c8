/**
 * A sound and a buzz for each scan, so the person at the door need not look at the screen: one
 * high beep for "let them in", two low ones for anything else. Both are best effort; a phone on
 * silent or a browser without vibration still shows the big coloured result.
 */
let audio: AudioContext | undefined;

function beep(context: AudioContext, frequency: number, startAt: number, seconds: number): void {
  const oscillator = context.createOscillator();
  const gain = context.createGain();
  oscillator.frequency.value = frequency;
  gain.gain.setValueAtTime(0.2, startAt);
  gain.gain.exponentialRampToValueAtTime(0.001, startAt + seconds);
  oscillator.connect(gain).connect(context.destination);
  oscillator.start(startAt);
  oscillator.stop(startAt + seconds);
}

export function signalResult(admit: boolean): void {
  try {
    audio ??= new AudioContext();
    const now = audio.currentTime;
    if (admit) beep(audio, 1320, now, 0.18);
    else {
      beep(audio, 220, now, 0.2);
      beep(audio, 220, now + 0.28, 0.2);
    }
  } catch {
    // no audio output: the screen says it
  }
  if (typeof navigator.vibrate === 'function') navigator.vibrate(admit ? 120 : [200, 100, 200]);
}
