#pragma once

#include <condition_variable>
#include <mutex>
#include <set>
#include <string>

#include "core/container_engine.h"
#include "store/records.h"

namespace ds01::core {

/// Writes each container's owner account into it (AccountFiles), once it runs: right after a
/// start, off the path of its answer, and before its first shell or command, which waits for a
/// write under way. Writing through the engine's archive API takes a few tenths of a second,
/// too long to add to every create or start. Thread-safe.
class AccountWriter {
 public:
  explicit AccountWriter(ContainerEngine& engine) : engine_(engine) {}

  /// Makes sure the owner of `record` has their account in its running container: at once when
  /// it was written before, else after writing it (or waiting for a write under way). A
  /// failure is logged, never returned: the container works all the same, only the owner's name
  /// does not resolve in it, and the next call tries again.
  void Ensure(const store::ContainerRecord& record);

 private:
  bool Write(const store::ContainerRecord& record);

  ContainerEngine& engine_;
  std::mutex mutex_;
  std::condition_variable finished_;
  std::set<std::string> written_;  // docker ids; forgotten past kRemembered (a rewrite is harmless)
  std::set<std::string> writing_;
};

}  // namespace ds01::core
