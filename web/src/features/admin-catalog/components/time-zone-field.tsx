/**
 * A venue's time zone: every IANA zone the browser knows, searched by typing part of its name
 * ("bucha", "new york"), each with its current UTC offset. Empty means the site's default zone
 * (DEFAULT_TIME_ZONE on the server), which the venue then shows once saved.
 */
import { useMemo } from 'react';
import Autocomplete, { createFilterOptions } from '@mui/material/Autocomplete';
import TextField from '@mui/material/TextField';
import { useTranslation } from 'react-i18next';
import { dateTimeFormat } from '@/lib/intl-cache';

/** Intl lists canonical zones only; UTC is a name people also choose. */
function knownZones(): string[] {
  return [...new Set([...Intl.supportedValuesOf('timeZone'), 'UTC'])];
}

/** "GMT+02:00" now, or '' for a zone this browser cannot format. */
function offsetOf(zone: string, now: Date): string {
  try {
    const parts = dateTimeFormat('en-GB', { timeZone: zone, timeZoneName: 'longOffset' }).formatToParts(now);
    return parts.find((part) => part.type === 'timeZoneName')?.value ?? '';
  } catch {
    return '';
  }
}

const readable = (zone: string) => zone.replace(/_/g, ' ');
// "new york" finds America/New_York: the search reads the zone as words.
const filter = createFilterOptions<string>({ stringify: (zone) => `${zone} ${readable(zone)}` });

interface TimeZoneFieldProps {
  value: string;
  /** A saved venue always has a zone: it can be changed but not emptied. */
  saved: boolean;
  onChange: (zone: string) => void;
  error?: string;
}

export function TimeZoneField({ value, saved, onChange, error }: TimeZoneFieldProps) {
  const { t } = useTranslation('admin-catalog');
  const zones = useMemo(knownZones, []);
  const offsets = useMemo(() => {
    const now = new Date();
    return new Map(zones.map((zone) => [zone, offsetOf(zone, now)]));
  }, [zones]);
  // A zone saved on the server but unknown to this browser stays choosable as it is.
  const options = value === '' || zones.includes(value) ? zones : [value, ...zones];
  const label = (zone: string) => {
    const offset = offsets.get(zone) ?? '';
    return offset === '' ? readable(zone) : `${readable(zone)} (${offset})`;
  };

  return (
    <Autocomplete
      options={options}
      value={value === '' ? null : value}
      onChange={(_event, zone) => onChange(zone ?? '')}
      getOptionLabel={label}
      filterOptions={filter}
      autoHighlight
      disableClearable={saved}
      noOptionsText={t('venue.timeZoneNone')}
      renderInput={(params) => (
        <TextField
          {...params}
          name="timeZone"
          label={t('venue.timeZone')}
          error={error !== undefined}
          helperText={error ?? (value === '' ? t('venue.timeZoneDefault') : t('venue.timeZoneHelp'))}
        />
      )}
    />
  );
}
