#include "store/store.h"

#include <gtest/gtest.h>

#include <thread>
#include <vector>

#include "store/test_database.h"

namespace ds01::store {
namespace {

std::unique_ptr<Store> OpenStore(const TestDatabase& db, StoreOptions options = {}) {
  auto store = Store::Open(db.path(), options);
  EXPECT_TRUE(store.ok()) << store.error().ToString();
  return store.ok() ? std::move(*store) : nullptr;
}

std::string PragmaOf(Store& store, std::string_view pragma) {
  auto tx = store.Read();
  EXPECT_TRUE(tx.ok());
  auto query = tx->connection().Prepare(std::string("PRAGMA ") + std::string(pragma));
  EXPECT_TRUE(query.ok());
  EXPECT_TRUE(*query->Step());
  return query->Text(0);
}

std::int64_t Counter(Store& store) {
  auto tx = store.Read();
  EXPECT_TRUE(tx.ok());
  auto query = tx->connection().Prepare("SELECT value FROM counter");
  EXPECT_TRUE(query.ok());
  EXPECT_TRUE(*query->Step());
  return query->Int(0);
}

// A read-modify-write that loses updates unless whole transactions take turns. The queries end
// before the commit, as they do in the table classes: a query reset after the commit would touch
// the connection while another thread's transaction holds it.
void Increment(Store& store) {
  auto tx = store.Write();
  ASSERT_TRUE(tx.ok()) << tx.error().ToString();
  {
    auto read = tx->connection().Prepare("SELECT value FROM counter");
    ASSERT_TRUE(read.ok());
    ASSERT_TRUE(*read->Step());
    const std::int64_t value = read->Int(0);
    std::this_thread::yield();
    auto write = tx->connection().Prepare("UPDATE counter SET value = ?");
    ASSERT_TRUE(write.ok());
    ASSERT_TRUE(write->Bind(value + 1).Run().ok());
  }
  ASSERT_TRUE(tx->Commit().ok());
}

class StoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = OpenStore(db_);
    ASSERT_NE(store_, nullptr);
    auto tx = store_->Write();
    ASSERT_TRUE(tx.ok());
    ASSERT_TRUE(tx->connection()
                    .Exec("CREATE TABLE counter (value INTEGER); INSERT INTO counter VALUES (0)")
                    .ok());
    ASSERT_TRUE(tx->Commit().ok());
  }

  TestDatabase db_;
  std::unique_ptr<Store> store_;
};

TEST_F(StoreTest, UsesWriteAheadLoggingAndForeignKeys) {
  EXPECT_EQ(PragmaOf(*store_, "journal_mode"), "wal");
  EXPECT_EQ(PragmaOf(*store_, "foreign_keys"), "1");
}

TEST_F(StoreTest, ProcessCrashDurabilityIsSynchronousNormal) {
  EXPECT_EQ(PragmaOf(*store_, "synchronous"), "1");
}

TEST_F(StoreTest, PowerLossDurabilityIsSynchronousFull) {
  auto store = OpenStore(db_, StoreOptions{.durability = Durability::kPowerLoss});
  EXPECT_EQ(PragmaOf(*store, "synchronous"), "2");
}

TEST_F(StoreTest, ANewFileUsesSmallPagesAndCheckpointsAtTheConfiguredLogLength) {
  EXPECT_EQ(PragmaOf(*store_, "page_size"), "1024");
  EXPECT_EQ(PragmaOf(*store_, "wal_autocheckpoint"), "16000");
  auto store = OpenStore(db_, StoreOptions{.checkpoint_pages = 500});
  EXPECT_EQ(PragmaOf(*store, "wal_autocheckpoint"), "500");
}

TEST_F(StoreTest, ATransactionEndedWithoutCommitLeavesNoTrace) {
  {
    auto tx = store_->Write();
    ASSERT_TRUE(tx.ok());
    ASSERT_TRUE(tx->connection().Exec("UPDATE counter SET value = 99").ok());
  }
  EXPECT_EQ(Counter(*store_), 0);
}

TEST_F(StoreTest, ACommittedTransactionSurvivesReopening) {
  Increment(*store_);
  store_.reset();
  auto reopened = OpenStore(db_);
  EXPECT_EQ(Counter(*reopened), 1);
}

TEST_F(StoreTest, ThreadsSharingOneStoreTakeTurns) {
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([this] {
      for (int i = 0; i < 200; ++i) Increment(*store_);
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(Counter(*store_), 800);
}

TEST_F(StoreTest, SeparateStoresOnOneFileTakeTurnsLikeProcesses) {
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([this] {
      auto own = OpenStore(db_);
      for (int i = 0; i < 200; ++i) Increment(*own);
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(Counter(*store_), 800);
}

TEST_F(StoreTest, AReaderSeesOneSnapshotWhileAnotherStoreWrites) {
  auto other = OpenStore(db_);
  auto reader = store_->Read();
  ASSERT_TRUE(reader.ok());
  auto before = reader->connection().Prepare("SELECT value FROM counter");
  ASSERT_TRUE(*before->Step());
  EXPECT_EQ(before->Int(0), 0);
  Increment(*other);
  auto after = reader->connection().Prepare("SELECT value + 0 FROM counter");
  ASSERT_TRUE(*after->Step());
  EXPECT_EQ(after->Int(0), 0);
}

TEST_F(StoreTest, TheCommitObserverHearsEveryCommittedWriteAndNothingElse) {
  int heard = 0;
  store_->OnCommit([&heard, this] {
    ++heard;
    EXPECT_TRUE(store_->Read().ok()) << "the store is free again when it is told";
  });
  Increment(*store_);
  { auto rolled_back = store_->Write(); }
  { auto read = store_->Read(); }
  Increment(*store_);
  EXPECT_EQ(heard, 2);
}

TEST_F(StoreTest, ACommitWhileAQueryIsOpenIsABugNotARace) {
  auto tx = store_->Write();
  ASSERT_TRUE(tx.ok());
  {
    auto open = tx->connection().Prepare("SELECT value FROM counter");
    ASSERT_TRUE(open.ok());
    ASSERT_TRUE(*open->Step());
    auto refused = tx->Commit();
    ASSERT_FALSE(refused.ok());
    EXPECT_NE(refused.error().message.find("query was open"), std::string::npos);
  }
  EXPECT_TRUE(tx->Commit().ok());
}

TEST_F(StoreTest, ATransactionInsideAnotherOnOneThreadIsABugNotADeadlock) {
  auto outer = store_->Write();
  ASSERT_TRUE(outer.ok());
  auto inner = store_->Read();
  ASSERT_FALSE(inner.ok());
  EXPECT_EQ(inner.error().code, ErrorCode::kInternal);
  ASSERT_TRUE(outer->Commit().ok());
  EXPECT_TRUE(store_->Read().ok());
}

TEST(Store, OpeningWhereNothingCanBeWrittenNamesTheFix) {
  auto store = Store::Open("/proc/ds01-cannot-be-here/ds01.db");
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.error().code, ErrorCode::kUnavailable);
  EXPECT_NE(store.error().hint.find("writable"), std::string::npos);
}

}  // namespace
}  // namespace ds01::store
