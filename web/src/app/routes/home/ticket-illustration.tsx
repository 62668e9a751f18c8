import { useTranslation } from 'react-i18next';
import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import QrCode2RoundedIcon from '@mui/icons-material/QrCode2Rounded';

const NOTCH_RADIUS = 14;
const details = [
  ['ticket.date', 'ticket.dateValue'],
  ['ticket.seats', 'ticket.seatsValue'],
  ['ticket.payment', 'ticket.paymentValue'],
  ['ticket.entry', 'ticket.entryValue'],
] as const;

/** A decorative ticket (hidden from screen readers): what a buyer ends up holding. */
export function TicketIllustration() {
  const { t } = useTranslation('home');
  return (
    <Box aria-hidden="true" sx={{ display: 'flex', justifyContent: 'center' }}>
      <Box
        sx={{
          width: 340,
          color: 'text.primary',
          borderRadius: 4,
          overflow: 'hidden',
          transform: 'rotate(-4deg)',
          // drop-shadow follows the notches cut out below, where box-shadow would draw a rectangle.
          filter: 'drop-shadow(0 24px 40px rgba(10, 0, 25, 0.45))',
        }}
      >
        <Box sx={{ bgcolor: 'secondary.main', color: 'secondary.contrastText', px: 3, py: 2 }}>
          <Typography sx={{ fontWeight: 800, letterSpacing: '0.12em', fontSize: '0.8rem' }}>{t('ticket.admitOne')}</Typography>
          <Typography sx={{ fontWeight: 800, fontSize: '1.35rem', lineHeight: 1.2 }}>{t('ticket.title')}</Typography>
        </Box>
        <Box
          sx={{ bgcolor: 'background.paper', display: 'grid', gridTemplateColumns: '1fr 1fr', gap: 2, px: 3, pt: 2.5, pb: 1.5 }}
        >
          {details.map(([label, value]) => (
            <Box key={label}>
              <Typography
                sx={{ fontSize: '0.7rem', letterSpacing: '0.1em', textTransform: 'uppercase', color: 'text.secondary' }}
              >
                {t(label)}
              </Typography>
              <Typography sx={{ fontWeight: 700 }}>{t(value)}</Typography>
            </Box>
          ))}
        </Box>
        {/* The perforation: a dashed line between two half-circle notches cut out of the edges. */}
        <Box
          sx={{
            height: NOTCH_RADIUS * 2,
            bgcolor: 'background.paper',
            display: 'flex',
            alignItems: 'center',
            px: `${NOTCH_RADIUS + 6}px`,
            maskImage: `radial-gradient(circle at 0 50%, transparent ${NOTCH_RADIUS}px, #000 ${NOTCH_RADIUS + 0.5}px), radial-gradient(circle at 100% 50%, transparent ${NOTCH_RADIUS}px, #000 ${NOTCH_RADIUS + 0.5}px)`,
            maskComposite: 'intersect',
          }}
        >
          <Box sx={{ flexGrow: 1, borderTop: '2px dashed', borderColor: 'divider' }} />
        </Box>
        <Box sx={{ bgcolor: 'background.paper', display: 'flex', alignItems: 'center', gap: 2, px: 3, pb: 3, pt: 1 }}>
          <QrCode2RoundedIcon sx={{ fontSize: 88, color: 'primary.dark' }} />
          <Typography variant="body2" color="text.secondary">
            {t('ticket.qr')}
          </Typography>
        </Box>
      </Box>
    </Box>
  );
}
