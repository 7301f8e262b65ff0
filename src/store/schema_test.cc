#include "store/schema.h"

#include <gtest/gtest.h>

#include <array>
#include <thread>
#include <vector>

#include "store/store.h"
#include "store/test_database.h"

namespace ds01::store {
namespace {

using std::chrono::milliseconds;

std::unique_ptr<Connection> OpenConnection(const TestDatabase& db) {
  auto opened = Connection::Open(db.path(), milliseconds(5000));
  EXPECT_TRUE(opened.ok());
  return opened.ok() ? std::move(*opened) : nullptr;
}

std::int64_t CountOf(Connection& db, std::string_view sql) {
  auto query = db.Prepare(sql);
  EXPECT_TRUE(query.ok());
  EXPECT_TRUE(*query->Step());
  return query->Int(0);
}

bool TableExists(Connection& db, std::string_view table) {
  auto query = db.Prepare("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?");
  EXPECT_TRUE(query.ok());
  query->Bind(table);
  EXPECT_TRUE(*query->Step());
  return query->Int(0) == 1;
}

TEST(Schema, StepsAreNumberedWithoutGaps) {
  int expected = 1;
  for (const Migration& step : SchemaMigrations()) {
    EXPECT_EQ(step.version, expected++);
    EXPECT_FALSE(step.description.empty());
  }
  EXPECT_GE(expected, 2);
}

TEST(Schema, MigratesAnEmptyDatabaseToTheNewestVersion) {
  TestDatabase db;
  auto connection = OpenConnection(db);
  auto version = Migrate(*connection, SchemaMigrations());
  ASSERT_TRUE(version.ok()) << version.error().ToString();
  EXPECT_EQ(*version, SchemaMigrations().back().version);
  for (const char* table :
       {"containers", "allocations", "holds", "queue_tickets", "audit_events", "schema_version"}) {
    EXPECT_TRUE(TableExists(*connection, table)) << table;
  }
}

TEST(Schema, ReopeningIsIdempotentAndKeepsTheData) {
  TestDatabase db;
  {
    auto store = Store::Open(db.path());
    ASSERT_TRUE(store.ok()) << store.error().ToString();
    auto tx = (*store)->Write();
    ASSERT_TRUE(tx.ok());
    ASSERT_TRUE(tx->connection()
                    .Exec("INSERT INTO containers (uid, user, name, state, created_at) "
                          "VALUES (1000, 'alice', 'train', 'running', 0)")
                    .ok());
    ASSERT_TRUE(tx->Commit().ok());
  }
  for (int reopen = 0; reopen < 2; ++reopen) {
    auto store = Store::Open(db.path());
    ASSERT_TRUE(store.ok()) << store.error().ToString();
    EXPECT_EQ((*store)->schema_version(), SchemaMigrations().back().version);
  }
  auto connection = OpenConnection(db);
  EXPECT_EQ(CountOf(*connection, "SELECT count(*) FROM schema_version"),
            static_cast<std::int64_t>(SchemaMigrations().size()));
  EXPECT_EQ(CountOf(*connection, "SELECT count(*) FROM containers WHERE name = 'train'"), 1);
}

TEST(Schema, Version2KeepsTheContainersOfVersion1WithNoSpec) {
  TestDatabase db;
  auto connection = OpenConnection(db);
  ASSERT_TRUE(Migrate(*connection, SchemaMigrations().first(1)).ok());
  ASSERT_TRUE(connection
                  ->Exec("INSERT INTO containers (uid, user, name, state, created_at) "
                         "VALUES (1000, 'alice', 'train', 'stopped', 0)")
                  .ok());
  auto version = Migrate(*connection, SchemaMigrations().first(2));
  ASSERT_TRUE(version.ok()) << version.error().ToString();
  EXPECT_EQ(*version, 2);
  EXPECT_EQ(CountOf(*connection, "SELECT count(*) FROM containers WHERE spec = ''"), 1);
}

TEST(Schema, Version3IndexesTheAuditByTargetSoOneContainersLastEventIsNoScan) {
  TestDatabase db;
  auto connection = OpenConnection(db);
  ASSERT_TRUE(Migrate(*connection, SchemaMigrations()).ok());
  EXPECT_EQ(CountOf(*connection,
                    "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND "
                    "name = 'audit_events_by_target'"),
            1);
}

TEST(Schema, AFailingStepLeavesTheDatabaseAtTheLastWholeStep) {
  const std::array<Migration, 2> steps = {{
      {1, "one table", "CREATE TABLE first (x INTEGER)"},
      {2, "a second table, then a mistake",
       "CREATE TABLE second (x INTEGER); INSERT INTO missing VALUES (1)"},
  }};
  TestDatabase db;
  auto connection = OpenConnection(db);
  auto version = Migrate(*connection, steps);
  ASSERT_FALSE(version.ok());
  EXPECT_NE(version.error().message.find("missing"), std::string::npos);
  EXPECT_TRUE(TableExists(*connection, "first"));
  EXPECT_FALSE(TableExists(*connection, "second"));
  EXPECT_EQ(CountOf(*connection, "SELECT max(version) FROM schema_version"), 1);
}

TEST(Schema, RefusesADatabaseNewerThanItKnows) {
  const std::array<Migration, 2> newer = {{
      {1, "one", "CREATE TABLE first (x INTEGER)"},
      {2, "two", "CREATE TABLE second (x INTEGER)"},
  }};
  TestDatabase db;
  auto connection = OpenConnection(db);
  ASSERT_TRUE(Migrate(*connection, newer).ok());
  auto older = Migrate(*connection, std::span(newer).first(1));
  ASSERT_FALSE(older.ok());
  EXPECT_EQ(older.error().code, ErrorCode::kConflict);
  EXPECT_NE(older.error().message.find("version 2, newer than the 1"), std::string::npos);
  EXPECT_NE(older.error().hint.find("upgrade"), std::string::npos);
}

TEST(Schema, ManyProcessesOpeningAFreshFileMigrateItOnce) {
  TestDatabase db;
  std::vector<std::thread> openers;
  std::array<bool, 8> opened{};
  for (std::size_t i = 0; i < opened.size(); ++i) {
    openers.emplace_back([&db, &opened, i] { opened[i] = Store::Open(db.path()).ok(); });
  }
  for (auto& opener : openers) opener.join();
  for (bool ok : opened) EXPECT_TRUE(ok);
  auto connection = OpenConnection(db);
  EXPECT_EQ(CountOf(*connection, "SELECT count(*) FROM schema_version"),
            static_cast<std::int64_t>(SchemaMigrations().size()));
}

}  // namespace
}  // namespace ds01::store
