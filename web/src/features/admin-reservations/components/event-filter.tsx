import { useTranslation } from 'react-i18next';
import { useState } from 'react';
import Autocomplete from '@mui/material/Autocomplete';
import Box from '@mui/material/Box';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { formatEventTime } from '@/lib/format-event-time';
import { useDebouncedValue } from '@/lib/use-debounced-value';
import { useEventOptions, useEventOption, type EventOption } from '../api/search-events';

interface EventFilterProps {
  /** The chosen event's id; '' for every event. */
  eventId: string;
  onChange: (eventId: string) => void;
}

/** Pick one event by typing part of its title; the suggestions come from the server's search. */
export function EventFilter({ eventId, onChange }: EventFilterProps) {
  const { t } = useTranslation('admin-reservations');
  const [text, setText] = useState('');
  const options = useEventOptions(useDebouncedValue(text));
  const chosen = useEventOption(eventId);
  const list = options.data ?? [];
  const value: EventOption | null =
    eventId === ''
      ? null
      : (list.find((option) => option.id === eventId) ??
        chosen.data ?? { id: eventId, title: t('filters.thisEvent'), startsAt: '' });

  return (
    <Autocomplete
      options={list}
      value={value}
      onChange={(_event, option) => onChange(option?.id ?? '')}
      inputValue={text}
      onInputChange={(_event, next) => setText(next)}
      getOptionLabel={(option) => option.title}
      isOptionEqualToValue={(option, current) => option.id === current.id}
      // The server already searched; filtering again here would hide its matches on the description or venue.
      filterOptions={(found) => found}
      loading={options.isFetching}
      noOptionsText={t('filters.noEvent')}
      sx={{ flex: 1, minWidth: { md: 240 } }}
      renderOption={(props, option) => {
        const { key, ...rest } = props as typeof props & { key: string };
        return (
          <Box component="li" key={key} {...rest}>
            <Box>
              <Typography>{option.title}</Typography>
              {option.startsAt !== '' && (
                <Typography variant="body2" color="text.secondary">
                  {formatEventTime(option.startsAt)}
                </Typography>
              )}
            </Box>
          </Box>
        );
      }}
      renderInput={(params) => <TextField {...params} label={t('columns.event')} placeholder={t('filters.allEvents')} />}
    />
  );
}
