#pragma once

#include <sys/types.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/error.h"
#include "store/records.h"
#include "store/transaction.h"

namespace ds01::store {

/// The containers table, read and written inside one transaction.
class ContainerTable {
 public:
  explicit ContainerTable(Transaction& tx) : db_(tx.connection()) {}

  /// Records a new container and returns its id; kConflict when (uid, name) exists.
  Result<std::int64_t> Insert(const ContainerRecord& record);
  /// The container `name` of `uid`, or nullopt.
  Result<std::optional<ContainerRecord>> Find(uid_t uid, std::string_view name);
  /// The container with `id`, or nullopt.
  Result<std::optional<ContainerRecord>> FindById(std::int64_t id);
  /// Whether `uid` has a container called `name` (read from the index alone).
  Result<bool> Exists(uid_t uid, std::string_view name);
  /// How many containers `uid` has (read from the index alone).
  Result<int> CountOf(uid_t uid);
  /// The containers of `uid`, by name.
  Result<std::vector<ContainerRecord>> ListOf(uid_t uid);
  /// Every container, by uid then name.
  Result<std::vector<ContainerRecord>> List();
  /// Stores every field of `record` but its id, uid and name; kNotFound when it is gone.
  Status Update(const ContainerRecord& record);
  /// Keeps the engine spec (docker/container_spec_record.h) the container with `id` was made
  /// from; kNotFound when it is gone.
  Status SetSpec(std::int64_t id, std::string_view spec);
  /// The spec SetSpec kept for the container with `id`: empty when none was (a container made
  /// before schema version 2); kNotFound when it is gone.
  Result<std::string> SpecOf(std::int64_t id);
  /// Forgets the container with `id`; its claims and hold go with it.
  Status Delete(std::int64_t id);

 private:
  Result<std::vector<ContainerRecord>> Collect(Query& query);

  Connection& db_;
};

}  // namespace ds01::store
