/**
 * The event's poster: shows the current one (or the placeholder), and uploads a new one the moment
 * a file is chosen. The chosen file is previewed from memory while it uploads; type and size are
 * checked here first so a wrong file fails at once, and the server checks the content again.
 */
import { useRef, useState } from 'react';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import LinearProgress from '@mui/material/LinearProgress';
import Typography from '@mui/material/Typography';
import AddPhotoAlternateRoundedIcon from '@mui/icons-material/AddPhotoAlternateRounded';
import { useTranslation } from 'react-i18next';
import { CATALOG_LIMITS, type CatalogEvent } from '@iatichet/contracts';
import { EventPoster } from '@/components/data-display/event-poster';
import { useUploadPoster } from '../api/upload-poster';
import { problemText } from '../utils/problem-text';

const ACCEPTED = ['image/jpeg', 'image/png', 'image/webp'];
const MAX_MB = CATALOG_LIMITS.posterBytesMax / (1024 * 1024);

export function PosterUpload({ event }: { event: CatalogEvent }) {
  const { t } = useTranslation('admin-catalog');
  const upload = useUploadPoster();
  const inputRef = useRef<HTMLInputElement>(null);
  const [preview, setPreview] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [done, setDone] = useState(false);

  function handleFile(file: File | undefined) {
    setDone(false);
    if (file === undefined) return;
    if (!ACCEPTED.includes(file.type)) return setProblem(t('poster.type'));
    if (file.size > CATALOG_LIMITS.posterBytesMax) return setProblem(t('poster.size', { mb: MAX_MB }));
    setProblem(null);
    const url = URL.createObjectURL(file);
    setPreview(url);
    upload.mutate(
      { id: event.id, file },
      {
        onSuccess: () => setDone(true),
        onError: (error) => setProblem(problemText(error)),
        onSettled: () => {
          URL.revokeObjectURL(url);
          setPreview(null);
        },
      },
    );
  }

  return (
    <Box>
      <Box sx={{ position: 'relative' }}>
        {preview !== null ? (
          <Box
            component="img"
            src={preview}
            alt={t('poster.uploadingAlt')}
            sx={{ width: '100%', aspectRatio: '16 / 9', objectFit: 'cover', borderRadius: 3, display: 'block' }}
          />
        ) : (
          <EventPoster
            posterUrl={event.posterUrl}
            category={event.category}
            alt={event.posterUrl === null ? '' : t('poster.alt', { title: event.title })}
            sizes="400px"
            rounded
          />
        )}
        {upload.isPending && (
          <LinearProgress
            aria-label={t('poster.uploading')}
            sx={{ position: 'absolute', left: 0, right: 0, bottom: 0, borderRadius: 1 }}
          />
        )}
      </Box>
      <input
        ref={inputRef}
        type="file"
        accept={ACCEPTED.join(',')}
        aria-label={t('poster.file')}
        hidden
        onChange={(changeEvent) => {
          handleFile(changeEvent.target.files?.[0]);
          changeEvent.target.value = '';
        }}
      />
      <Button
        variant="outlined"
        startIcon={<AddPhotoAlternateRoundedIcon />}
        onClick={() => inputRef.current?.click()}
        loading={upload.isPending}
        sx={{ mt: 2 }}
        fullWidth
      >
        {event.posterUrl === null ? t('poster.upload') : t('poster.replace')}
      </Button>
      <Typography variant="body2" color="text.secondary" sx={{ mt: 1 }}>
        {t('poster.help', { mb: MAX_MB })}
      </Typography>
      {problem !== null && (
        <Alert severity="error" role="alert" sx={{ mt: 2 }}>
          {problem}
        </Alert>
      )}
      <Typography role="status" variant="body2" sx={{ mt: done ? 1 : 0, color: 'success.dark', fontWeight: 600 }}>
        {done ? t('poster.done') : ''}
      </Typography>
    </Box>
  );
}
