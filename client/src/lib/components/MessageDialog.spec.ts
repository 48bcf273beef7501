import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { createRawSnippet } from 'svelte';
import { describe, expect, it, vi } from 'vitest';
import MessageDialog from './MessageDialog.svelte';

const what = createRawSnippet(() => ({ render: () => '<p><strong>ada@example.com</strong> is signed out.</p>' }));

type Answer = { message?: string; form?: string } | null;

function renderDialog(
  props: Partial<{
    required: boolean;
    problem: (message: string) => string | undefined;
    tone: 'default' | 'danger';
  }> = {},
) {
  const answers: Answer[] = [];
  const onSubmit = vi.fn(async (_message: string) => answers.shift() ?? null);
  const onCancel = vi.fn();
  const view = render(MessageDialog, {
    open: true,
    title: 'Lock account?',
    tone: 'danger',
    label: 'Reason',
    hint: 'Shown to them when they try to sign in',
    maxLength: 500,
    problem: (message: string) => (message.trim() ? undefined : 'Say why.'),
    onSubmit,
    onCancel,
    children: what,
    submitLabel: 'Lock',
    busyLabel: 'Locking…',
    ...props,
  });
  const submit = async () => {
    const button = screen.getByRole('button', { name: 'Lock' });
    // Clicking does not move focus in jsdom; a person's click would.
    button.focus();
    await fireEvent.click(button);
  };
  return { ...view, onSubmit, onCancel, answers, submit };
}

describe('MessageDialog', () => {
  it('describes the change and says who reads the message and how long it may be', () => {
    renderDialog();
    const dialog = screen.getByRole('dialog', { name: 'Lock account?' });
    expect(dialog).toHaveAccessibleDescription('ada@example.com is signed out.');
    const field = screen.getByLabelText('Reason');
    expect(field).toBeRequired();
    expect(field).toHaveFocus();
    expect(field).toHaveAccessibleDescription('Shown to them when they try to sign in; up to 500 characters.');
  });

  it('refuses a missing message beside the field, with focus on it, without sending anything', async () => {
    const { onSubmit, submit } = renderDialog();
    await submit();
    const field = screen.getByLabelText('Reason');
    expect(field).toHaveAttribute('aria-invalid', 'true');
    expect(field).toHaveAccessibleDescription(/Say why\./);
    await waitFor(() => expect(field).toHaveFocus());
    expect(onSubmit).not.toHaveBeenCalled();
  });

  it('sends the message without its surrounding spaces', async () => {
    const { onSubmit, submit } = renderDialog();
    await fireEvent.input(screen.getByLabelText('Reason'), { target: { value: '  Left the company.  ' } });
    await submit();
    expect(onSubmit).toHaveBeenCalledExactlyOnceWith('Left the company.');
  });

  it('sends an empty message when it is optional', async () => {
    const { onSubmit, submit } = renderDialog({ required: false, problem: undefined });
    expect(screen.getByLabelText('Reason')).not.toBeRequired();
    await submit();
    expect(onSubmit).toHaveBeenCalledExactlyOnceWith('');
  });

  it('shows what the API refused beside the field or above the buttons, and stays open', async () => {
    const { answers, submit } = renderDialog();
    answers.push({ message: 'A reason is at most 500 characters.' }, { form: 'This is the last administrator.' });
    const field = screen.getByLabelText('Reason');
    await fireEvent.input(field, { target: { value: 'x' } });
    await submit();
    expect(field).toHaveAccessibleDescription(/A reason is at most 500 characters\./);
    await waitFor(() => expect(field).toHaveFocus());
    await submit();
    expect(await screen.findByRole('alert')).toHaveTextContent('This is the last administrator.');
    expect(field).not.toHaveAttribute('aria-invalid');
    expect(screen.getByRole('dialog', { name: 'Lock account?' })).toBeInTheDocument();
  });

  it('starts empty when it opens again', async () => {
    const { rerender, submit } = renderDialog();
    await fireEvent.input(screen.getByLabelText('Reason'), { target: { value: '   ' } });
    await submit();
    expect(screen.getByLabelText('Reason')).toHaveAttribute('aria-invalid', 'true');
    await rerender({ open: false });
    await rerender({ open: true });
    const field = screen.getByLabelText('Reason');
    expect(field).toHaveValue('');
    expect(field).not.toHaveAttribute('aria-invalid');
    expect(screen.queryByText('Say why.')).toBeNull();
  });

  it('cancels without sending, and not while the change is being made', async () => {
    const { onSubmit, onCancel, submit } = renderDialog();
    await fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(onCancel).toHaveBeenCalledOnce();
    expect(onSubmit).not.toHaveBeenCalled();
    onSubmit.mockImplementationOnce(() => new Promise<Answer>(() => {}));
    await fireEvent.input(screen.getByLabelText('Reason'), { target: { value: 'Left.' } });
    await submit();
    const busy = screen.getByRole('button', { name: 'Locking…' });
    expect(busy).toHaveAttribute('aria-disabled', 'true');
    expect(busy).toHaveClass('button--danger');
    await fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(onCancel).toHaveBeenCalledOnce();
  });

  it('offers a change that gives something, such as an approval, with the primary button', () => {
    renderDialog({ tone: 'default' });
    expect(screen.getByRole('button', { name: 'Lock' })).toHaveClass('button--primary');
  });
});
