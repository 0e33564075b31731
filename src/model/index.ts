export type {
  Agent,
  AgentInterval,
  AgentRoutingState,
  AgentState,
  Conversation,
  MediaType,
  Participant,
  ParticipantPurpose,
  Queue,
  QueueInterval,
  QueueSnapshot,
  Segment,
  SegmentType,
  SourceKey,
  Vendor,
} from './records.js';
export { queueIntervalSummary } from './records.js';
