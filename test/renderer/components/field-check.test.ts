import { cleanup, render, screen } from '@testing-library/svelte';
import { afterEach, describe, expect, it } from 'vitest';
import FieldCheck from '../../../renderer/src/components/FieldCheck.svelte';

afterEach(cleanup);

describe('FieldCheck', () => {
  it('shows the value with the category’s limit beside it and each finding in plain words', () => {
    const { container } = render(FieldCheck, {
      field: 'total_bytes',
      label: 'Size',
      value: '6.10 MB',
      limit: '5 MB for tweet_image',
      status: 'error',
      findings: [
        {
          field: 'total_bytes',
          severity: 'error',
          code: 'size.too_large',
          message: 'File is 6.1 MB; tweet_image allows at most 5 MB',
        },
      ],
    });
    const group = screen.getByRole('group', { name: /Size/ });
    expect(group.dataset['status']).toBe('error');
    expect(group.textContent).toContain('6.10 MB');
    expect(group.textContent).toContain('Limit: 5 MB for tweet_image');
    expect(screen.getByText('File is 6.1 MB; tweet_image allows at most 5 MB')).toBeTruthy();
    expect(container.querySelector('.visually-hidden')?.textContent).toBe('Problem');
  });

  it('shows no limit line and no findings for a field that passes without a limit', () => {
    render(FieldCheck, { field: 'media_type', label: 'Type', value: 'image/png', status: 'ok', findings: [] });
    const group = screen.getByRole('group', { name: /Type/ });
    expect(group.textContent).not.toContain('Limit');
    expect(group.querySelectorAll('.finding')).toHaveLength(0);
  });
});
