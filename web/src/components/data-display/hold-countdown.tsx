/**
 * The time left on a hold. `panel`: the checkout's big clock, with when the hold ends and a
 * polite announcement once a minute. `chip`: a small one for lists, silent (a list of live clocks
 * read out every minute would be noise). Either calls `onExpire` once when it reaches zero.
 */
import { useTranslation } from 'react-i18next';
import { useEffect, useRef } from 'react';
import Box from '@mui/material/Box';
import Chip from '@mui/material/Chip';
import Typography from '@mui/material/Typography';
import TimerOutlinedIcon from '@mui/icons-material/TimerOutlined';
import { visuallyHidden } from '@/components/a11y/visually-hidden';
import { countdownTone, formatCountdown, msUntil, spokenCountdown, type CountdownTone } from '@/lib/countdown';
import { formatTime } from '@/lib/format-date';
import { useNow } from '@/lib/use-now';

interface HoldCountdownProps {
  expiresAt: string;
  variant?: 'panel' | 'chip';
  onExpire?: () => void;
  /** The event's zone: the hold's end is a time of the event's place, as its tickets are. */
  timeZone?: string;
}

const PANEL_COLORS: Record<CountdownTone, { bg: string; fg: string }> = {
  normal: { bg: 'rgba(79, 31, 115, 0.06)', fg: 'primary.main' },
  urgent: { bg: '#fff4e5', fg: '#8a3c00' },
  expired: { bg: '#fdecea', fg: 'error.dark' },
};

export function HoldCountdown({ expiresAt, variant = 'panel', onExpire, timeZone }: HoldCountdownProps) {
  const { t } = useTranslation();
  const now = useNow();
  const left = msUntil(expiresAt, now);
  const tone = countdownTone(left);
  const clock = formatCountdown(left);

  const expireCalled = useRef<string | null>(null);
  useEffect(() => {
    if (tone !== 'expired' || expireCalled.current === expiresAt) return;
    expireCalled.current = expiresAt;
    onExpire?.();
  }, [tone, expiresAt, onExpire]);

  if (variant === 'chip') {
    return (
      <Chip
        icon={<TimerOutlinedIcon aria-hidden="true" />}
        label={
          tone === 'expired' ? (
            t('countdown.holdExpired')
          ) : (
            <>
              <span aria-hidden="true">{t('countdown.leftToPay', { clock })}</span>
              <Box component="span" sx={visuallyHidden}>
                {t('countdown.spokenToPay', { left: spokenCountdown(left) })}
              </Box>
            </>
          )
        }
        size="small"
        color={tone === 'normal' ? 'default' : tone === 'urgent' ? 'warning' : 'error'}
        variant="outlined"
        sx={{ fontWeight: 700, fontVariantNumeric: 'tabular-nums' }}
      />
    );
  }

  const colors = PANEL_COLORS[tone];
  return (
    <Box
      sx={{
        display: 'flex',
        alignItems: 'center',
        gap: 2,
        p: 2,
        borderRadius: 3,
        bgcolor: colors.bg,
        color: colors.fg,
        border: 1,
        borderColor: tone === 'normal' ? 'transparent' : 'currentColor',
      }}
    >
      <TimerOutlinedIcon aria-hidden="true" sx={{ fontSize: 36 }} />
      <Box sx={{ minWidth: 0 }}>
        <Typography variant="body2" sx={{ fontWeight: 600, color: 'inherit' }}>
          {tone === 'expired' ? t('countdown.expiredTitle') : t('countdown.heldUntil', { time: formatTime(expiresAt, timeZone) })}
        </Typography>
        <Typography
          aria-hidden="true"
          data-testid="hold-countdown"
          sx={{ fontSize: '2rem', fontWeight: 800, lineHeight: 1.2, fontVariantNumeric: 'tabular-nums', color: 'inherit' }}
        >
          {tone === 'expired' ? t('countdown.expired') : clock}
        </Typography>
        {tone === 'urgent' && (
          <Typography variant="body2" sx={{ color: 'inherit' }}>
            {t('countdown.urgent')}
          </Typography>
        )}
      </Box>
      {/* Changes once a minute (and at zero), so it is read out politely, not every second. */}
      <Box role="timer" aria-live="polite" aria-atomic="true" sx={visuallyHidden}>
        {tone === 'expired' ? t('countdown.announceExpired') : t('countdown.announceLeft', { left: spokenCountdown(left) })}
      </Box>
    </Box>
  );
}
