import { useEffect, type RefObject } from 'react';

/**
 * After a failed submit, moves focus to the first field marked invalid, or else to the form's error
 * alert, so keyboard and screen reader users land on what needs fixing (the submit button they were
 * on is disabled while the request runs, which drops focus). `attempt` changes on every failure.
 */
export function useFocusFirstInvalid(formRef: RefObject<HTMLFormElement | null>, attempt: unknown): void {
  useEffect(() => {
    if (attempt === null || attempt === undefined || attempt === 0) return;
    const form = formRef.current;
    const target =
      form?.querySelector<HTMLElement>('[aria-invalid="true"]') ?? form?.querySelector<HTMLElement>('[role="alert"]');
    target?.focus();
  }, [formRef, attempt]);
}
