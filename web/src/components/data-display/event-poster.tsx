/**
 * An event's poster, or (when it has none) a calm branded placeholder with the category's icon, so
 * a list of events looks complete either way. Always the same aspect ratio, so nothing jumps as
 * images arrive.
 */
import type { ReactNode } from 'react';
import Box from '@mui/material/Box';
import CoPresentRoundedIcon from '@mui/icons-material/CoPresentRounded';
import DirectionsRunRoundedIcon from '@mui/icons-material/DirectionsRunRounded';
import FamilyRestroomRoundedIcon from '@mui/icons-material/FamilyRestroomRounded';
import FestivalRoundedIcon from '@mui/icons-material/FestivalRounded';
import LocalActivityRoundedIcon from '@mui/icons-material/LocalActivityRounded';
import MusicNoteRoundedIcon from '@mui/icons-material/MusicNoteRounded';
import SentimentVerySatisfiedRoundedIcon from '@mui/icons-material/SentimentVerySatisfiedRounded';
import TheaterComedyRoundedIcon from '@mui/icons-material/TheaterComedyRounded';
import { brandGradient } from '@/theme';

const CATEGORY_ICONS: Record<string, ReactNode> = {
  concert: <MusicNoteRoundedIcon />,
  theatre: <TheaterComedyRoundedIcon />,
  comedy: <SentimentVerySatisfiedRoundedIcon />,
  festival: <FestivalRoundedIcon />,
  sport: <DirectionsRunRoundedIcon />,
  conference: <CoPresentRoundedIcon />,
  family: <FamilyRestroomRoundedIcon />,
};

/** The server stores each poster at 480 and 1200 pixels wide and names the files `<key>-<width>.webp`. */
function posterSrcSet(url: string): string | undefined {
  if (!url.endsWith('-1200.webp')) return undefined;
  return `${url.replace(/-1200\.webp$/, '-480.webp')} 480w, ${url} 1200w`;
}

interface EventPosterProps {
  posterUrl: string | null;
  category: string;
  /** Empty when the title is written right beside the poster (a card), so it is not read twice. */
  alt: string;
  /** Width the poster takes on screen, for choosing the file: e.g. '(min-width: 900px) 33vw, 100vw'. */
  sizes?: string;
  /** Width over height; 16/9 by default. */
  ratio?: number;
  rounded?: boolean;
}

export function EventPoster({ posterUrl, category, alt, sizes = '100vw', ratio = 16 / 9, rounded = false }: EventPosterProps) {
  const frame = {
    aspectRatio: String(ratio),
    width: '100%',
    overflow: 'hidden',
    borderRadius: rounded ? 3 : 0,
    display: 'block',
  } as const;
  if (posterUrl !== null) {
    return (
      <Box
        component="img"
        src={posterUrl}
        srcSet={posterSrcSet(posterUrl)}
        sizes={sizes}
        alt={alt}
        loading="lazy"
        decoding="async"
        sx={{ ...frame, objectFit: 'cover', bgcolor: 'action.hover' }}
      />
    );
  }
  return (
    <Box
      role={alt === '' ? undefined : 'img'}
      aria-label={alt === '' ? undefined : alt}
      aria-hidden={alt === '' ? true : undefined}
      sx={{
        ...frame,
        background: brandGradient,
        color: 'rgba(255, 255, 255, 0.75)',
        alignItems: 'center',
        justifyContent: 'center',
        display: 'flex',
        '& svg': { fontSize: 56 },
      }}
    >
      {CATEGORY_ICONS[category] ?? <LocalActivityRoundedIcon />}
    </Box>
  );
}
