// An empty workload under the same runner (node + tsx + the meter): what every child costs before
// loading a client at all, so the comparison can also be read net of it.
import { startMeter } from './child-meter.js';

const meter = startMeter();
meter.responded();
meter.finish({
  side: 'baseline',
  requests: 0,
  status429: 0,
  status401: 0,
  retryWaitMs: 0,
  data: {
    aggregateRows: 0,
    offered: 0,
    handleMs: 0,
    conversations: 0,
    conversationIdsSha256: '',
    conversationHandleMs: 0,
  },
});
