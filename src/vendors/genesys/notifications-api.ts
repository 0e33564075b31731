// The REST side of Genesys's Notifications API: create a channel, replace or read its topics, clear
// them. Always with the caller's own token: the user's permissions decide which topics they get.
import { z } from 'zod';
import type { ApiClient } from '../../http/index.js';

/** Topics one channel may carry (Genesys: 1,000). */
export const MAX_TOPICS_PER_CHANNEL = 1000;

const channel = z.object({ id: z.string().min(1), connectUri: z.string().min(1), expires: z.string().optional() });
export type NotificationChannel = z.infer<typeof channel>;

const topicListing = z.object({
  entities: z
    .array(
      z
        .object({
          id: z.string(),
          state: z.string().optional(),
          rejectionReason: z.string().optional(),
          missingPermissions: z.array(z.string()).optional(),
        })
        .passthrough(),
    )
    .default([]),
});

interface SubscribeResult {
  permitted: string[];
  rejected: { id: string; reason: string | undefined; missingPermissions: string[] }[];
}

export async function createNotificationChannel(client: ApiClient, signal?: AbortSignal): Promise<NotificationChannel> {
  const { data } = await client.request({
    method: 'POST',
    path: '/api/v2/notifications/channels',
    schema: channel,
    signal,
  });
  return data;
}

/**
 * Replaces the channel's topics (which also renews its 24-hour life). `ignoreErrors`: a topic the
 * user may not see comes back Rejected instead of failing the whole request.
 */
export async function replaceSubscriptions(
  client: ApiClient,
  channelId: string,
  topics: readonly string[],
  signal?: AbortSignal,
): Promise<SubscribeResult> {
  const { data } = await client.request({
    method: 'PUT',
    path: `/api/v2/notifications/channels/${encodeURIComponent(channelId)}/subscriptions`,
    query: { ignoreErrors: true },
    body: topics.map((id) => ({ id })),
    schema: topicListing,
    // Replacing a list with the same list is safe to repeat.
    idempotent: true,
    signal,
  });
  const rejected = data.entities.filter((e) => e.state === 'Rejected');
  return {
    permitted: data.entities.filter((e) => e.state !== 'Rejected').map((e) => e.id),
    rejected: rejected.map((e) => ({
      id: e.id,
      reason: e.rejectionReason,
      missingPermissions: e.missingPermissions ?? [],
    })),
  };
}

/** The channel's topics; a NotFoundError when the channel expired or was removed. */
export async function channelSubscriptions(client: ApiClient, channelId: string, signal?: AbortSignal) {
  const { data } = await client.request({
    method: 'GET',
    path: `/api/v2/notifications/channels/${encodeURIComponent(channelId)}/subscriptions`,
    schema: topicListing,
    signal,
  });
  return data.entities.map((e) => e.id);
}

export async function clearSubscriptions(client: ApiClient, channelId: string, signal?: AbortSignal): Promise<void> {
  await client.request({
    method: 'DELETE',
    path: `/api/v2/notifications/channels/${encodeURIComponent(channelId)}/subscriptions`,
    signal,
  });
}
