import nodemailer from 'nodemailer';
import type { NotificationPayload } from './payload.js';

export interface MailSettings {
  /** LATCHKEY_SMTP_URL: `smtp://user:password@host:587` or `smtps://…:465`. */
  smtpUrl: string;
  /** LATCHKEY_MAIL_FROM. */
  from: string;
}

export interface EmailMessage {
  subject: string;
  text: string;
}

/** How long each step with the mail server (connecting, its greeting, any reply) may take. */
const SMTP_TIMEOUT_MS = 10_000;

const REVOCATION_REASONS: Record<string, string> = {
  OWNER: 'it was revoked from your account',
  LEAKED: 'it was reported as leaked (found where it should not be), so it can no longer be used or restored',
  ADMIN: 'an administrator revoked it',
  INACTIVE: 'it went unused for longer than this server allows, so it can no longer be used or restored',
  DENIED: 'an administrator denied the approval it waited for',
};

const days = (count: number) => (count === 1 ? '1 day' : `${count} days`);

/** What a payload's `data` holds: the token named, and each event's own fields. */
function field(data: Record<string, unknown>, name: string): string {
  const value = data[name];
  return value === undefined || value === null ? '' : String(value);
}

/** A bulk revocation's one email to an owner: how many of their tokens, the first few by name, and why. */
function revokedInBulk(data: Record<string, unknown>, named: { tokenName: string }[], message: string) {
  const count = Number(data.tokenCount);
  const more = count - named.length;
  const list = named.map(({ tokenName }) => `- “${tokenName}”`).join('\n');
  return {
    subject: `${count} of your tokens were revoked`,
    body:
      `An administrator revoked ${count} of your personal access tokens; they can no longer be used or restored:` +
      `\n\n${list}${more > 0 ? `\n- and ${more} more` : ''}${message}`,
  };
}

/** Subject and opening paragraph of each event's email. */
function describe({ type, data }: NotificationPayload): { subject: string; body: string } {
  const token = `“${field(data, 'tokenName')}”`;
  switch (type) {
    case 'token.expiring':
      return {
        subject: `Your token ${token} expires in ${days(Number(data.daysLeft))}`,
        body: `Your personal access token ${token} expires at ${field(data, 'expiresAt')}. Rotate it or create a new one before then if you still need it.`,
      };
    case 'token.expired':
      return {
        subject: `Your token ${token} has expired`,
        body: `Your personal access token ${token} expired at ${field(data, 'expiresAt')} and is no longer accepted.`,
      };
    case 'token.revoked': {
      const reason = REVOCATION_REASONS[field(data, 'reason')] ?? field(data, 'reason');
      const message = data.message ? `\n\nThe administrator's message: ${field(data, 'message')}` : '';
      if (Array.isArray(data.tokens)) return revokedInBulk(data, data.tokens as { tokenName: string }[], message);
      return {
        subject: `Your token ${token} was revoked`,
        body: `Your personal access token ${token} was revoked: ${reason}.${message}`,
      };
    }
    case 'token.rotated':
      return {
        subject: `Your token ${token} was rotated`,
        body: `Your personal access token ${token} was given a new secret. It now expires at ${field(data, 'expiresAt')}.`,
      };
    case 'token.used_from_new_address':
      return {
        subject: `Your token ${token} was used from a new address`,
        body: `Your personal access token ${token} was used from ${field(data, 'address')}, outside every network it was used from before. If that was not you or your software, revoke it.`,
      };
    case 'token.leaked':
      return {
        subject: `Your token ${token} was found exposed and has been revoked`,
        body: `Your personal access token ${token} was reported as exposed${data.source ? ` (${field(data, 'source')})` : ''} and has been revoked. Replace it wherever it was used.`,
      };
    case 'token.refused_address':
      return {
        subject: `Your token ${token} was refused from ${field(data, 'address')}`,
        body: `Your personal access token ${token} was refused ${days(Number(data.count)).replace('day', 'time')} because the request came from ${field(data, 'address')}, outside its allowed addresses.`,
      };
    case 'token.approved':
      return {
        subject: `Your token ${token} was approved`,
        body: `An administrator (${field(data, 'administratorEmail')}) approved your personal access token ${token}: it works from now on and expires at ${field(data, 'expiresAt')}.${data.message ? `\n\nTheir message: ${field(data, 'message')}` : ''}`,
      };
    case 'token.denied':
      return {
        subject: `Your token ${token} was denied`,
        body: `An administrator (${field(data, 'administratorEmail')}) denied your personal access token ${token}: it will never work.\n\nTheir message: ${field(data, 'message')}`,
      };
    case 'token.inactive':
      return {
        subject: `Your token ${token} will be revoked in ${days(Number(data.daysLeft))} unless it is used`,
        body: `Your personal access token ${token} has not been used since ${field(data, 'lastUsedAt') || field(data, 'createdAt')}. This server revokes tokens unused for ${days(Number(data.revokeUnusedAfterDays))}: it will be revoked at ${field(data, 'revokesAt')} unless it is used before then. If you no longer need it, revoke it yourself.`,
      };
    case 'webhook.disabled':
      return {
        subject: 'A webhook of yours was disabled',
        body: `Your webhook to ${field(data, 'url')} failed every attempt for about a day and has been disabled. Fix the endpoint, then enable it again in your notification settings.`,
      };
    default:
      return { subject: `Latchkey: ${type}`, body: `Latchkey event ${type}.` };
  }
}

/**
 * The plain-text email for an event: subject, what happened, and a link to the token's page (or the notification
 * settings). Built from the payload alone, which never holds a secret.
 */
export function emailMessage(payload: NotificationPayload, publicUrl: string): EmailMessage {
  const { subject, body } = describe(payload);
  const tokenId = payload.data.tokenId;
  const link =
    typeof tokenId === 'string'
      ? `See the token: ${publicUrl}/settings/tokens/${encodeURIComponent(tokenId)}`
      : `Notification settings: ${publicUrl}/settings/notifications`;
  return {
    subject,
    text: `${body}\n\n${link}\n\nYou receive this email because of your Latchkey notification settings.\n`,
  };
}

export interface Mailer {
  send(to: string, message: EmailMessage): Promise<void>;
  close(): void;
}

/** Sends through the operator's SMTP server (nodemailer), a connection per message. */
export function createMailer(settings: MailSettings): Mailer {
  const transport = nodemailer.createTransport({
    url: settings.smtpUrl,
    connectionTimeout: SMTP_TIMEOUT_MS,
    greetingTimeout: SMTP_TIMEOUT_MS,
    socketTimeout: SMTP_TIMEOUT_MS,
  });
  return {
    async send(to, message) {
      await transport.sendMail({ from: settings.from, to, subject: message.subject, text: message.text });
    },
    close: () => transport.close(),
  };
}
