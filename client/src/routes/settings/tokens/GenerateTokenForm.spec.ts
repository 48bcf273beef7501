import { fireEvent, render, screen, within } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import type { PermissionCatalogueQuery } from '$lib/graphql/graphql';
import GenerateTokenForm from './GenerateTokenForm.svelte';
import type { TokenFormErrors } from './token-form';

const services: PermissionCatalogueQuery['services'] = [
  {
    id: 'latchkey',
    name: 'Latchkey',
    description: 'This server: your profile, your tokens and your audit log.',
    permissions: [
      { name: 'profile:read', description: "Read your account's email address.", implies: [] },
      { name: 'tokens:read', description: 'List and read your personal access tokens.', implies: [] },
    ],
  },
  {
    id: 'reports',
    name: 'Reports',
    description: 'The example reports API that accepts Latchkey tokens.',
    permissions: [
      { name: 'reports:read', description: 'Read reports.', implies: [] },
      { name: 'reports:write', description: 'Create, change and delete reports.', implies: ['reports:read'] },
    ],
  },
];

function renderForm(
  result: TokenFormErrors | undefined = undefined,
  catalogue: { services: PermissionCatalogueQuery['services'] | undefined; servicesError?: string } = { services },
) {
  const onSubmit = vi.fn(async () => result);
  const onCancel = vi.fn();
  render(GenerateTokenForm, { ...catalogue, onSubmit, onCancel, now: new Date('2026-03-01T12:00:00.000Z') });
  return { onSubmit, onCancel };
}

const nameField = () => screen.getByRole('textbox', { name: /Token Name/ });
const checkbox = (name: string) => screen.getByRole('checkbox', { name });
const generate = () => fireEvent.click(screen.getByRole('button', { name: 'Generate' }));

describe('GenerateTokenForm', () => {
  it('offers a name, a description, the five expirations and a custom date, and a checkbox per permission', () => {
    renderForm();
    expect(nameField()).toBeRequired();
    const expiration = screen.getByRole('combobox', { name: 'Expiration' });
    expect(screen.getByRole('textbox', { name: 'Description' })).not.toBeRequired();
    expect([...(expiration as HTMLSelectElement).options].map((option) => option.text)).toEqual([
      '7 days',
      '30 days',
      '60 days',
      '90 days',
      '1 year',
      'Custom date…',
    ]);
    expect(screen.getByText('Mar 31, 2026')).toBeInTheDocument();
    expect(screen.getAllByRole('checkbox').map((box) => box.getAttribute('value'))).toEqual([
      'profile:read',
      'tokens:read',
      'reports:read',
      'reports:write',
    ]);
    expect(checkbox('tokens:read')).toHaveAccessibleDescription('List and read your personal access tokens.');
  });

  it('groups the permissions by service, under a heading with what the service is', () => {
    renderForm();
    expect(screen.getAllByRole('heading', { level: 3 }).map((heading) => heading.textContent)).toEqual([
      'Latchkey',
      'Reports',
    ]);
    const reports = screen.getByRole('group', { name: 'Reports' });
    expect(reports).toHaveAccessibleDescription('The example reports API that accepts Latchkey tokens.');
    expect(
      within(reports)
        .getAllByRole('checkbox')
        .map((box) => box.getAttribute('value')),
    ).toEqual(['reports:read', 'reports:write']);
    const latchkey = screen.getByRole('group', { name: 'Latchkey' });
    expect(latchkey).toHaveAccessibleDescription('This server: your profile, your tokens and your audit log.');
    expect(within(latchkey).getAllByRole('checkbox')).toHaveLength(2);
  });

  it('says which permissions a permission includes, next to it', () => {
    renderForm();
    expect(checkbox('reports:write')).toHaveAccessibleDescription(
      'Create, change and delete reports. includes reports:read',
    );
    expect(screen.getAllByText(/^\s*includes/)).toHaveLength(1);
    expect(checkbox('reports:read')).toHaveAccessibleDescription('Read reports.');
  });

  it('says while the permissions load, and when they could not be loaded', () => {
    renderForm(undefined, { services: undefined });
    expect(screen.getByRole('status')).toHaveTextContent('Loading permissions…');
    expect(screen.queryAllByRole('checkbox')).toEqual([]);
    document.body.innerHTML = '';

    renderForm(undefined, { services: undefined, servicesError: 'The permissions could not be loaded.' });
    expect(screen.getByRole('alert')).toHaveTextContent('The permissions could not be loaded.');
    expect(screen.queryAllByRole('checkbox')).toEqual([]);
  });

  it('asks for a name and at least one permission before generating', async () => {
    const { onSubmit } = renderForm();
    await generate();
    expect(onSubmit).not.toHaveBeenCalled();
    expect(nameField()).toHaveAccessibleDescription(/Give the token a name\./);
    expect(nameField()).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByRole('group', { name: /Permissions/ })).toHaveAccessibleDescription(
      /Choose at least one permission\./,
    );
    expect(nameField()).toHaveFocus();
  });

  it('puts focus on the first permission when only the permissions are missing', async () => {
    const { onSubmit } = renderForm();
    await fireEvent.input(nameField(), { target: { value: 'deploy-bot' } });
    await generate();
    expect(onSubmit).not.toHaveBeenCalled();
    expect(checkbox('profile:read')).toHaveFocus();
  });

  it('refuses names longer than 100 characters', async () => {
    const { onSubmit } = renderForm();
    await fireEvent.input(nameField(), { target: { value: 'x'.repeat(101) } });
    await fireEvent.click(checkbox('tokens:read'));
    await generate();
    expect(onSubmit).not.toHaveBeenCalled();
    expect(nameField()).toHaveAccessibleDescription(/Names are at most 100 characters\./);
    expect(screen.getByText('101/100')).toBeInTheDocument();
  });

  it('clears an error as soon as it is corrected', async () => {
    renderForm();
    await generate();
    await fireEvent.input(nameField(), { target: { value: 'deploy-bot' } });
    expect(nameField()).not.toHaveAttribute('aria-invalid');
    expect(screen.queryByText('Give the token a name.')).not.toBeInTheDocument();
    expect(screen.getByText('Choose at least one permission.')).toBeInTheDocument();
    await fireEvent.click(checkbox('reports:read'));
    expect(screen.queryByText('Choose at least one permission.')).not.toBeInTheDocument();
  });

  it('sends the trimmed name, the expiration and the chosen permissions of every service by name', async () => {
    const { onSubmit } = renderForm();
    await fireEvent.input(nameField(), { target: { value: '  deploy-bot  ' } });
    await fireEvent.change(screen.getByRole('combobox', { name: 'Expiration' }), { target: { value: 'DAYS_90' } });
    await fireEvent.click(checkbox('reports:write'));
    await fireEvent.click(checkbox('tokens:read'));
    await fireEvent.click(checkbox('profile:read'));
    await fireEvent.click(checkbox('profile:read'));
    await generate();
    expect(onSubmit).toHaveBeenCalledWith({
      name: 'deploy-bot',
      description: '',
      expiration: 'DAYS_90',
      expiresAt: null,
      permissions: ['tokens:read', 'reports:write'],
    });
  });

  it('sends a custom date as the start of that day, and refuses one out of range beside the date field', async () => {
    const { onSubmit } = renderForm();
    await fireEvent.input(nameField(), { target: { value: 'dated' } });
    await fireEvent.input(screen.getByRole('textbox', { name: 'Description' }), { target: { value: ' a note ' } });
    await fireEvent.change(screen.getByRole('combobox', { name: 'Expiration' }), { target: { value: 'CUSTOM' } });
    await fireEvent.click(checkbox('tokens:read'));
    const date = screen.getByLabelText('Expiration date');
    expect(date).toHaveAttribute('min', '2026-03-03');
    expect(date).toHaveAttribute('max', '2027-03-01');
    await fireEvent.input(date, { target: { value: '2028-01-01' } });
    await generate();
    expect(onSubmit).not.toHaveBeenCalled();
    expect(date).toHaveAccessibleDescription(/Choose a date from 2026-03-03 to 2027-03-01\./);
    await fireEvent.input(date, { target: { value: '2026-04-01' } });
    await generate();
    expect(onSubmit).toHaveBeenCalledWith({
      name: 'dated',
      description: 'a note',
      expiration: null,
      expiresAt: '2026-04-01T00:00:00.000Z',
      permissions: ['tokens:read'],
    });
  });

  it('shows an unknown permission the server refused beside the permissions', async () => {
    renderForm({ permissions: "reports:delete is not a permission of this server's catalogue." });
    await fireEvent.input(nameField(), { target: { value: 'deploy-bot' } });
    await fireEvent.click(checkbox('reports:read'));
    await generate();
    expect(await screen.findByText(/reports:delete is not a permission/)).toBeInTheDocument();
    expect(screen.getByRole('group', { name: /Permissions/ })).toHaveAccessibleDescription(
      /reports:delete is not a permission/,
    );
    expect(checkbox('profile:read')).toHaveFocus();
  });

  it('shows a name the server says is taken beside the name field', async () => {
    renderForm({ name: 'You already have a token named "deploy-bot".' });
    await fireEvent.input(nameField(), { target: { value: 'deploy-bot' } });
    await fireEvent.click(checkbox('tokens:read'));
    await generate();
    expect(await screen.findByText('You already have a token named "deploy-bot".')).toBeInTheDocument();
    expect(nameField()).toHaveAccessibleDescription(/already have a token named/);
    expect(nameField()).toHaveFocus();
  });

  it('shows the token limit above the buttons', async () => {
    renderForm({ form: 'You have reached the limit of 100 tokens. Delete tokens you no longer need.' });
    await fireEvent.input(nameField(), { target: { value: 'one too many' } });
    await fireEvent.click(checkbox('tokens:read'));
    await generate();
    expect(await screen.findByRole('alert')).toHaveTextContent('You have reached the limit of 100 tokens.');
  });

  it('cancels without submitting', async () => {
    const { onSubmit, onCancel } = renderForm();
    await fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(onCancel).toHaveBeenCalledOnce();
    expect(onSubmit).not.toHaveBeenCalled();
  });
});

describe('GenerateTokenForm restrictions', () => {
  async function fillRequired() {
    await fireEvent.input(nameField(), { target: { value: 'deploy-bot' } });
    await fireEvent.click(checkbox('tokens:read'));
  }

  it('keeps the restrictions in a collapsed section with a one-line explanation under each field', async () => {
    renderForm();
    const summary = screen.getByText('Restrictions');
    const section = summary.closest('details') as HTMLDetailsElement;
    expect(section.open).toBe(false);
    await fireEvent.click(summary);
    expect(section.open).toBe(true);
    expect(screen.getByRole('textbox', { name: 'Allowed addresses' })).toHaveAccessibleDescription(
      /^One IP address or CIDR range per line .* Empty: any address\.$/,
    );
    expect(screen.getByRole('textbox', { name: 'Rate limit' })).toHaveAccessibleDescription(/Empty: no limit\.$/);
    expect(
      [...(screen.getByRole('combobox', { name: 'Rate limit window' }) as HTMLSelectElement).options].map(
        (option) => option.text,
      ),
    ).toEqual(['requests per second', 'requests per minute', 'requests per hour', 'requests per day']);
    expect(screen.getByRole('textbox', { name: 'Quota' })).toHaveAccessibleDescription(/Empty: no quota\.$/);
    expect(
      [...(screen.getByRole('combobox', { name: 'Quota refill' }) as HTMLSelectElement).options].map(
        (option) => option.text,
      ),
    ).toEqual(['uses, never refills', 'uses, per day', 'uses, per week', 'uses, per month']);
  });

  it('sends an allowlist, a rate limit and a quota as the API takes them', async () => {
    const { onSubmit } = renderForm();
    await fillRequired();
    await fireEvent.click(screen.getByText('Restrictions'));
    await fireEvent.input(screen.getByRole('textbox', { name: 'Allowed addresses' }), {
      target: { value: ' 10.0.0.0/8\n\n203.0.113.7, 2001:db8::/32 ' },
    });
    await fireEvent.input(screen.getByRole('textbox', { name: 'Rate limit' }), { target: { value: '100' } });
    await fireEvent.change(screen.getByRole('combobox', { name: 'Rate limit window' }), { target: { value: '3600' } });
    await fireEvent.input(screen.getByRole('textbox', { name: 'Quota' }), { target: { value: '1000' } });
    await fireEvent.change(screen.getByRole('combobox', { name: 'Quota refill' }), { target: { value: 'MONTH' } });
    await generate();
    expect(onSubmit).toHaveBeenCalledWith(
      expect.objectContaining({
        allowedAddresses: ['10.0.0.0/8', '203.0.113.7', '2001:db8::/32'],
        rateLimit: { requests: 100, windowSeconds: 3600 },
        quota: { uses: 1000, refill: 'MONTH' },
      }),
    );
  });

  it('sends a quota that never refills without a refill, and nothing for empty fields', async () => {
    const { onSubmit } = renderForm();
    await fillRequired();
    await fireEvent.click(screen.getByText('Restrictions'));
    await fireEvent.input(screen.getByRole('textbox', { name: 'Quota' }), { target: { value: '5' } });
    await generate();
    const [sent] = onSubmit.mock.calls[0] as unknown as [Record<string, unknown>];
    expect(sent.quota).toEqual({ uses: 5 });
    expect(sent).not.toHaveProperty('rateLimit');
    expect(sent).not.toHaveProperty('allowedAddresses');
  });

  it('refuses a rate limit that is not a whole number beside its field, opening the section to show it', async () => {
    const { onSubmit } = renderForm();
    await fillRequired();
    await fireEvent.click(screen.getByText('Restrictions'));
    await fireEvent.input(screen.getByRole('textbox', { name: 'Rate limit' }), { target: { value: '2.5' } });
    await fireEvent.click(screen.getByText('Restrictions'));
    await generate();
    expect(onSubmit).not.toHaveBeenCalled();
    expect((screen.getByText('Restrictions').closest('details') as HTMLDetailsElement).open).toBe(true);
    expect(screen.getByRole('textbox', { name: 'Rate limit' })).toHaveAccessibleDescription(
      /^Requests must be a whole number\./,
    );
    expect(screen.getByRole('textbox', { name: 'Rate limit' })).toHaveFocus();
  });

  it('shows an address the server refused at the addresses field', async () => {
    renderForm({ allowedAddresses: '"10.0.0.300" is not an IPv4 or IPv6 address or CIDR range.' });
    await fillRequired();
    await fireEvent.click(screen.getByText('Restrictions'));
    await fireEvent.input(screen.getByRole('textbox', { name: 'Allowed addresses' }), {
      target: { value: '10.0.0.300' },
    });
    await generate();
    const addresses = screen.getByRole('textbox', { name: 'Allowed addresses' });
    expect(addresses).toHaveAccessibleDescription(/^"10\.0\.0\.300" is not an IPv4 or IPv6 address or CIDR range\./);
    expect(addresses).toHaveFocus();
  });
});
