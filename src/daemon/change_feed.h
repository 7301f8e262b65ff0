#pragma once

#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "common/error.h"
#include "http/exchange.h"
#include "store/records.h"
#include "store/store.h"

namespace ds01::daemon {

/// Whose events a follower may see.
struct Viewer {
  std::string user;
  bool admin = false;
  std::optional<std::string> owner;  // an admin's ?owner=: that user's containers alone
};

/// The audit trail as a live feed, so that every change anyone observes is the one the audit
/// log recorded, in its order. One thread wakes at each commit (the store's observer), reads
/// the events appended since it last looked and sends each, as an NDJSON line, to the followers
/// allowed to see it: a user their own containers' events, an admin everyone's. Sending never
/// blocks (a stream queues, and cuts off a client that stops reading), so a thousand
/// followers cost one thread.
class ChangeFeed {
 public:
  explicit ChangeFeed(store::Store& store) : store_(store) {}
  ChangeFeed(const ChangeFeed&) = delete;
  ChangeFeed& operator=(const ChangeFeed&) = delete;
  /// Stops, as Stop does.
  ~ChangeFeed();

  /// Starts the thread, from the newest event recorded so far.
  Status Start();
  /// Ends every follow and the thread. Idempotent.
  void Stop();
  /// Something was committed: look for new events now. Cheap; any thread.
  void Notify();

  /// Sends `stream` the events since `since` (nothing when unset) that `viewer` may see, then
  /// with `follow` every new one as it is committed, until the stream closes; without, ends
  /// the stream after the replay. A replay sends at most the newest kMaxReplay events.
  Status Follow(std::shared_ptr<http::Stream> stream, Viewer viewer,
                std::optional<store::TimePoint> since, bool follow);

  /// How many streams follow the feed now.
  std::size_t follower_count() const;

  static constexpr std::int64_t kMaxReplay = 5000;

 private:
  struct Follower {
    std::shared_ptr<http::Stream> stream;
    Viewer viewer;
  };

  void Run();
  Result<std::int64_t> IdBefore(store::TimePoint since);
  // The next batch of events with ids above `id`, oldest first, from a snapshot of the log.
  Result<std::vector<store::AuditEvent>> EventsAfter(std::int64_t id);
  // Sends the events after `after_id` up to `up_to` to `stream`; false once it closed.
  Result<bool> Replay(const Follower& follower, std::int64_t after_id, std::int64_t up_to);
  // Reads what was appended since last_id_ and sends it to the followers.
  Status Publish();

  store::Store& store_;
  // Notify takes only this, so a committing writer never waits for a publish.
  std::mutex wake_mutex_;
  std::condition_variable woken_;
  bool pending_ = false;
  bool stopping_ = false;
  mutable std::mutex mutex_;  // the rest: a replay and a publish never interleave
  std::int64_t last_id_ = 0;  // the newest event sent to the followers
  std::vector<Follower> followers_;
  bool stopped_ = false;
  std::thread thread_;
};

/// True when `viewer` may see `event`: its container is theirs, or they are an admin.
bool MaySee(const Viewer& viewer, const store::AuditEvent& event);

/// One event as the feed sends it: an api::Event (api/wire_event.h) and a newline.
std::string EventLine(const store::AuditEvent& event);

}  // namespace ds01::daemon
