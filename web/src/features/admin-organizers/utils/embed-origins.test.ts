import { describe, expect, it } from 'vitest';
import { chooseOrganizer } from './organizer-choice';
import { parseEmbedOrigins } from './embed-origins';

describe('the embed origins field', () => {
  it('keeps exact origins, one per line or comma, without duplicates or a trailing slash', () => {
    expect(parseEmbedOrigins('https://shop.example\n\n https://Shop.example/ ,http://localhost:8080')).toEqual({
      origins: ['https://shop.example', 'http://localhost:8080'],
      invalid: [],
    });
  });

  it('names back every line that is not an origin', () => {
    expect(parseEmbedOrigins('https://shop.example/tickets\n*\nhttps://*.example\nftp://files.example\nshop.example')).toEqual({
      origins: [],
      invalid: ['https://shop.example/tickets', '*', 'https://*.example', 'ftp://files.example', 'shop.example'],
    });
  });
});

describe('the organizer the admin pages show', () => {
  const list = [{ id: 'a' }, { id: 'b' }];
  it('is the remembered one while it is still in the list, else the first', () => {
    expect(chooseOrganizer(list, 'b')?.id).toBe('b');
    expect(chooseOrganizer(list, 'gone')?.id).toBe('a');
    expect(chooseOrganizer(list, null)?.id).toBe('a');
    expect(chooseOrganizer([], 'a')).toBeUndefined();
  });
});
