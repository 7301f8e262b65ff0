#include "store/sqlite.h"

#include <gtest/gtest.h>

#include "store/test_database.h"

namespace ds01::store {
namespace {

using std::chrono::milliseconds;

class ConnectionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = Connection::Open(db_.path(), milliseconds(1000));
    ASSERT_TRUE(opened.ok()) << opened.error().ToString();
    connection_ = std::move(*opened);
    ASSERT_TRUE(connection_->Exec("CREATE TABLE t (k INTEGER PRIMARY KEY, v TEXT)").ok());
  }

  Result<std::string> ValueOf(std::int64_t key) {
    auto query = connection_->Prepare("SELECT v FROM t WHERE k = ?");
    if (!query.ok()) return query.error();
    auto row = query->Bind(key).Step();
    if (!row.ok()) return row.error();
    if (!*row) return MakeError(ErrorCode::kNotFound, "no row");
    return query->Text(0);
  }

  TestDatabase db_;
  std::unique_ptr<Connection> connection_;
};

TEST_F(ConnectionTest, ReusesAPreparedStatementWithFreshBindings) {
  for (int key = 1; key <= 3; ++key) {
    auto insert = connection_->Prepare("INSERT INTO t (k, v) VALUES (?, ?)");
    ASSERT_TRUE(insert.ok());
    ASSERT_TRUE(insert->Bind(key, "value " + std::to_string(key)).Run().ok());
  }
  EXPECT_EQ(*ValueOf(1), "value 1");
  EXPECT_EQ(*ValueOf(3), "value 3");
  EXPECT_FALSE(ValueOf(4).ok());
}

TEST_F(ConnectionTest, NestedUseOfOneStatementGetsItsOwnCopy) {
  ASSERT_TRUE(connection_->Exec("INSERT INTO t VALUES (1, 'a'), (2, 'b')").ok());
  auto outer = connection_->Prepare("SELECT v FROM t WHERE k = ?");
  ASSERT_TRUE(outer.ok());
  ASSERT_TRUE(*outer->Bind(1).Step());
  auto inner = connection_->Prepare("SELECT v FROM t WHERE k = ?");
  ASSERT_TRUE(inner.ok());
  ASSERT_TRUE(*inner->Bind(2).Step());
  EXPECT_EQ(outer->Text(0), "a");
  EXPECT_EQ(inner->Text(0), "b");
}

TEST_F(ConnectionTest, ReadsNullsAsAbsent) {
  ASSERT_TRUE(connection_->Exec("INSERT INTO t VALUES (1, NULL)").ok());
  auto query = connection_->Prepare("SELECT v, NULL, 42 FROM t");
  ASSERT_TRUE(query.ok());
  ASSERT_TRUE(*query->Step());
  EXPECT_EQ(query->Text(0), "");
  EXPECT_EQ(query->OptionalInt(1), std::nullopt);
  EXPECT_EQ(query->OptionalInt(2), 42);
}

TEST_F(ConnectionTest, BindsOptionalIntegersAsNull) {
  auto insert = connection_->Prepare("INSERT INTO t (k, v) VALUES (?, ?)");
  ASSERT_TRUE(insert.ok());
  ASSERT_TRUE(insert->Bind(std::optional<std::int64_t>(7), nullptr).Run().ok());
  auto query = connection_->Prepare("SELECT count(*) FROM t WHERE k = 7 AND v IS NULL");
  ASSERT_TRUE(query.ok());
  ASSERT_TRUE(*query->Step());
  EXPECT_EQ(query->Int(0), 1);
}

TEST_F(ConnectionTest, AConstraintViolationIsAConflict) {
  ASSERT_TRUE(connection_->Exec("INSERT INTO t VALUES (1, 'a')").ok());
  auto again = connection_->Exec("INSERT INTO t VALUES (1, 'b')");
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, ErrorCode::kConflict);
  EXPECT_NE(again.error().message.find("UNIQUE"), std::string::npos) << again.error().message;
}

TEST_F(ConnectionTest, ABadBindIsReportedByStep) {
  auto query = connection_->Prepare("SELECT v FROM t WHERE k = ?");
  ASSERT_TRUE(query.ok());
  auto row = query->Bind(1, 2).Step();
  ASSERT_FALSE(row.ok());
  EXPECT_EQ(row.error().code, ErrorCode::kInternal);
}

TEST_F(ConnectionTest, BadSqlIsAnError) {
  auto query = connection_->Prepare("SELEKT 1");
  ASSERT_FALSE(query.ok());
  EXPECT_NE(query.error().message.find("syntax"), std::string::npos) << query.error().message;
}

TEST_F(ConnectionTest, AWriterWaitsThenFailsClosedWhenTheLockIsNeverFreed) {
  ASSERT_TRUE(connection_->Exec("PRAGMA journal_mode = WAL").ok());
  auto other = Connection::Open(db_.path(), milliseconds(150));
  ASSERT_TRUE(other.ok());
  ASSERT_TRUE(connection_->Exec("BEGIN IMMEDIATE").ok());

  const auto start = std::chrono::steady_clock::now();
  auto begin = (*other)->Exec("BEGIN IMMEDIATE");
  const auto waited = std::chrono::steady_clock::now() - start;

  ASSERT_FALSE(begin.ok());
  EXPECT_EQ(begin.error().code, ErrorCode::kUnavailable);
  EXPECT_NE(begin.error().message.find("locked for 150 ms"), std::string::npos);
  EXPECT_NE(begin.error().hint.find("fuser"), std::string::npos);
  EXPECT_GE(waited, milliseconds(150));
  ASSERT_TRUE(connection_->Exec("ROLLBACK").ok());
  EXPECT_TRUE((*other)->Exec("BEGIN IMMEDIATE; ROLLBACK").ok());
}

TEST(Connection, OpeningInAMissingDirectoryNamesTheFix) {
  auto opened = Connection::Open("/nonexistent-ds01/dir/ds01.db", milliseconds(100));
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.error().code, ErrorCode::kUnavailable);
  EXPECT_NE(opened.error().message.find("/nonexistent-ds01/dir/ds01.db"), std::string::npos);
  EXPECT_FALSE(opened.error().hint.empty());
}

}  // namespace
}  // namespace ds01::store
