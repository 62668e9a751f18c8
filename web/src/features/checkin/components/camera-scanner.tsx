/**
 * The camera view: the back camera (getUserMedia) read a few times a second for QR codes. A code
 * still in view is not sent again for a few seconds, so one ticket held up gives one scan.
 */
import { useEffect, useRef, useState } from 'react';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import PhotoCameraRoundedIcon from '@mui/icons-material/PhotoCameraRounded';
import StopCircleRoundedIcon from '@mui/icons-material/StopCircleRounded';
import { useTranslation } from 'react-i18next';
import { CHECKIN_NS } from '@/i18n/checkin-namespace';
import { createQrDetector } from '../utils/qr-detector';
import type { Translate } from '../utils/result-text';

const SCAN_EVERY_MS = 250;
const SAME_CODE_PAUSE_MS = 3_000;

interface CameraScannerProps {
  onCode: (code: string) => void;
  /** A scan is being answered: frames are not read meanwhile. */
  busy: boolean;
}

function cameraProblem(error: unknown, t: Translate): string {
  const name = error instanceof DOMException ? error.name : '';
  if (name === 'NotAllowedError') return t('camera.refused');
  if (name === 'NotFoundError' || name === 'OverconstrainedError') return t('camera.missing');
  return t('camera.failed');
}

export function CameraScanner({ onCode, busy }: CameraScannerProps) {
  const { t } = useTranslation(CHECKIN_NS);
  const tRef = useRef<Translate>(t);
  tRef.current = t;
  const videoRef = useRef<HTMLVideoElement>(null);
  const [running, setRunning] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const busyRef = useRef(busy);
  busyRef.current = busy;
  const onCodeRef = useRef(onCode);
  onCodeRef.current = onCode;

  useEffect(() => {
    if (!running) return;
    let stream: MediaStream | undefined;
    let timer: number | undefined;
    // Set by the cleanup; read after every await, when the effect may already be gone.
    const state = { stopped: false };
    const last = { code: '', at: 0 };
    void (async () => {
      try {
        if (!('mediaDevices' in navigator)) throw new DOMException('no media devices', 'NotFoundError');
        stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: { ideal: 'environment' } }, audio: false });
        const detector = await createQrDetector();
        const video = videoRef.current;
        if (state.stopped || video === null) {
          stream.getTracks().forEach((track) => track.stop());
          return;
        }
        video.srcObject = stream;
        await video.play();
        const tick = async () => {
          if (state.stopped) return;
          if (!busyRef.current && video.readyState >= 2) {
            const found = await detector.detect(video).catch(() => []);
            const code = found[0]?.rawValue;
            if (code !== undefined && (code !== last.code || Date.now() - last.at > SAME_CODE_PAUSE_MS)) {
              last.code = code;
              last.at = Date.now();
              onCodeRef.current(code);
            }
          }
          timer = window.setTimeout(() => void tick(), SCAN_EVERY_MS);
        };
        void tick();
      } catch (error) {
        if (!state.stopped) {
          setProblem(cameraProblem(error, tRef.current));
          setRunning(false);
        }
      }
    })();
    return () => {
      state.stopped = true;
      window.clearTimeout(timer);
      stream?.getTracks().forEach((track) => track.stop());
    };
  }, [running]);

  return (
    <Stack spacing={1.5}>
      {running && (
        <Box
          component="video"
          ref={videoRef}
          muted
          playsInline
          aria-label={t('camera.view')}
          sx={{ width: '100%', maxHeight: '50vh', objectFit: 'cover', borderRadius: 3, bgcolor: 'common.black' }}
        />
      )}
      {problem !== null && <Alert severity="warning">{problem}</Alert>}
      <Button
        size="large"
        variant={running ? 'outlined' : 'contained'}
        startIcon={running ? <StopCircleRoundedIcon /> : <PhotoCameraRoundedIcon />}
        onClick={() => {
          setProblem(null);
          setRunning((on) => !on);
        }}
      >
        {running ? t('camera.stop') : t('camera.start')}
      </Button>
    </Stack>
  );
}
