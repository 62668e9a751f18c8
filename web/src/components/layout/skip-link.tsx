import Link from '@mui/material/Link';

/** The first tab stop: jumps keyboard users past the header to the page's main content. */
export function SkipLink({ targetId }: { targetId: string }) {
  return (
    <Link
      href={`#${targetId}`}
      sx={{
        position: 'absolute',
        left: 16,
        top: 0,
        zIndex: (theme) => theme.zIndex.tooltip + 1,
        px: 2,
        py: 1,
        bgcolor: 'background.paper',
        color: 'primary.main',
        fontWeight: 700,
        borderRadius: 1,
        boxShadow: 3,
        transform: 'translateY(-120%)',
        '&:focus': { transform: 'translateY(8px)' },
      }}
    >
      Skip to main content
    </Link>
  );
}
