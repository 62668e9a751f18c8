import { useTranslation } from 'react-i18next';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import ScienceOutlinedIcon from '@mui/icons-material/ScienceOutlined';
import { TEST_CARDS } from '@iatichet/contracts';
import { formatCardNumber } from '../utils/card-validation';

const CARDS = [
  { number: TEST_CARDS.success, key: 'success' },
  { number: TEST_CARDS.declined, key: 'declined' },
  { number: TEST_CARDS.outage, key: 'outage' },
  { number: TEST_CARDS.refundFailsOnce, key: 'slowRefund' },
] as const;

/**
 * The simulated provider's test cards as one-click fills, so a tester never has to remember a
 * number. No real card is charged in this mode.
 */
export function TestCards({ onFill, disabled }: { onFill: (number: string) => void; disabled: boolean }) {
  const { t } = useTranslation('reservations');
  return (
    <Box
      component="section"
      aria-labelledby="test-cards-heading"
      sx={{ p: 2, borderRadius: 2.5, border: 1, borderStyle: 'dashed', borderColor: 'divider', bgcolor: 'background.default' }}
    >
      <Stack direction="row" spacing={1} sx={{ alignItems: 'center', mb: 0.5 }}>
        <ScienceOutlinedIcon aria-hidden="true" fontSize="small" color="primary" />
        <Typography id="test-cards-heading" component="h3" variant="subtitle2">
          {t('testCards.title')}
        </Typography>
      </Stack>
      <Typography variant="body2" color="text.secondary" sx={{ mb: 1.5 }}>
        {t('testCards.text')}
      </Typography>
      <Stack direction={{ xs: 'column', sm: 'row' }} spacing={1} useFlexGap sx={{ flexWrap: 'wrap' }}>
        {CARDS.map((card) => (
          <Button
            key={card.number}
            variant="outlined"
            size="small"
            disabled={disabled}
            onClick={() => onFill(card.number)}
            sx={{ flexDirection: 'column', alignItems: 'flex-start', borderRadius: 2, py: 0.75, textAlign: 'left' }}
          >
            <Box component="span" sx={{ fontWeight: 700 }}>
              {t(`testCards.${card.key}.name`)}
            </Box>
            <Box component="span" sx={{ fontSize: '0.75rem', fontVariantNumeric: 'tabular-nums', color: 'text.secondary' }}>
              {formatCardNumber(card.number)} · {t(`testCards.${card.key}.behaviour`)}
            </Box>
          </Button>
        ))}
      </Stack>
    </Box>
  );
}
