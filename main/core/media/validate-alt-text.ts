// The alt text the user wrote, against the category's rules: whether it may have any, which characters, how
// long (counted as X counts, common/limits.ts). Pure: findings only.
import type { CategoryRules } from './rules.ts';
import type { Finding } from '../../common/media-types.ts';
import { formatNumber } from '../../common/format.ts';
import { altTextLength } from '../../common/limits.ts';
import { firstControlCharacter } from '../../common/printable.ts';

export function checkAltText(altText: string | null | undefined, rules: CategoryRules): Finding[] {
  if (altText === undefined || altText === null || altText.length === 0) return [];
  const { allowed, maxChars } = rules.altText.value;
  if (!allowed) {
    return [
      {
        field: 'alt_text',
        severity: 'error',
        code: 'alt_text.not_allowed',
        message: `Alt text applies to images and GIFs only; ${rules.category} takes none`,
        limit: 'images and GIFs only',
        actual: rules.category,
      },
    ];
  }
  // Alt text is read aloud and shown as plain text: a line break or a tab has a meaning, no other control does.
  const control = firstControlCharacter(altText, ['\n', '\t']);
  if (control) {
    return [
      {
        field: 'alt_text',
        severity: 'error',
        code: 'alt_text.control_character',
        message: `Alt text holds a control character (${control.codePoint} at position ${control.index + 1}); only line breaks and tabs are allowed`,
        limit: 'no control characters but line breaks and tabs',
        actual: control.codePoint,
      },
    ];
  }
  const length = altTextLength(altText);
  if (length <= maxChars) return [];
  return [
    {
      field: 'alt_text',
      severity: 'error',
      code: 'alt_text.too_long',
      message: `Alt text is ${formatNumber(length)} characters; X allows at most ${formatNumber(maxChars)}`,
      limit: maxChars,
      actual: length,
    },
  ];
}
