import { graphql } from '$lib/graphql';

export const NotificationSettingsQuery = graphql(`
  query NotificationSettings {
    viewer {
      id
      notificationSettings {
        emailEnabled
        webhookLimit
        preferences {
          type
          description
          email
          webhook
        }
      }
      webhooks {
        id
        ...WebhookFields
      }
    }
  }
`);

export const SetNotificationPreferenceMutation = graphql(`
  mutation SetNotificationPreference($input: NotificationPreferenceInput!) {
    setNotificationPreference(input: $input) {
      __typename
      ... on SetNotificationPreferenceSuccess {
        preference {
          type
          email
          webhook
        }
      }
      ... on Error {
        message
      }
    }
  }
`);

export const AddWebhookMutation = graphql(`
  mutation AddWebhook($input: AddWebhookInput!) {
    addWebhook(input: $input) {
      __typename
      ... on AddWebhookSuccess {
        secret
        webhook {
          id
          url
        }
      }
      ... on ValidationError {
        fieldErrors {
          path
          message
        }
      }
      ... on Error {
        message
      }
    }
  }
`);

export const SendTestWebhookMutation = graphql(`
  mutation SendTestWebhook($id: ID!) {
    sendTestWebhook(id: $id) {
      __typename
      ... on SendTestWebhookSuccess {
        eventId
      }
      ... on Error {
        message
      }
    }
  }
`);

export const EnableWebhookMutation = graphql(`
  mutation EnableWebhook($id: ID!) {
    enableWebhook(id: $id) {
      __typename
      ... on EnableWebhookSuccess {
        webhook {
          id
          disabledAt
          consecutiveFailures
        }
      }
      ... on Error {
        message
      }
    }
  }
`);

export const DeleteWebhookMutation = graphql(`
  mutation DeleteWebhook($id: ID!) {
    deleteWebhook(id: $id) {
      __typename
      ... on DeleteWebhookSuccess {
        deletedWebhookId
      }
      ... on Error {
        message
      }
    }
  }
`);

/** The message for a failed change: the API's own, or one for a request that never got an answer. */
export function failureMessage(outcome: { message?: string } | null | undefined, action: string): string {
  return outcome?.message ?? `Could not ${action}. Check your connection and try again.`;
}
