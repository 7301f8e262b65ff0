#pragma once

#include <span>
#include <string_view>

#include "common/error.h"
#include "store/sqlite.h"

namespace ds01::store {

/// One step of the schema: applied once, in its own transaction, in version order.
struct Migration {
  int version;  // 1, 2, 3, … without gaps
  std::string_view description;
  std::string_view sql;
};

/// The ds01 schema, oldest step first.
std::span<const Migration> SchemaMigrations();

/// Brings the database to the newest version in `migrations`, each step in its own
/// transaction together with its schema_version row, so a crash leaves it at a whole step.
/// Safe against other processes migrating the same file at the same time. Refuses a database
/// newer than `migrations` knows. Returns the version the database is at.
Result<int> Migrate(Connection& db, std::span<const Migration> migrations);

}  // namespace ds01::store
