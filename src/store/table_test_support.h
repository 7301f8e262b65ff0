#pragma once

#include <gtest/gtest.h>

#include <memory>

#include "store/container_table.h"
#include "store/store.h"
#include "store/test_database.h"

namespace ds01::store {

/// For the table tests: a migrated store in a fresh file, and a quick way to record a container.
class TableTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto store = Store::Open(db_.path());
    ASSERT_TRUE(store.ok()) << store.error().ToString();
    store_ = std::move(*store);
  }

  Transaction Write() {
    auto tx = store_->Write();
    EXPECT_TRUE(tx.ok());
    return std::move(tx).value();
  }

  static ContainerRecord Record(uid_t uid, std::string name, ContainerState state) {
    ContainerRecord record;
    record.uid = uid;
    record.user = "user" + std::to_string(uid);
    record.name = std::move(name);
    record.state = state;
    record.created_at = FromMillis(1'700'000'000'000);
    return record;
  }

  std::int64_t AddContainer(uid_t uid, std::string name,
                            ContainerState state = ContainerState::kRunning) {
    auto tx = Write();
    auto id = ContainerTable(tx).Insert(Record(uid, std::move(name), state));
    EXPECT_TRUE(id.ok()) << id.error().ToString();
    EXPECT_TRUE(tx.Commit().ok());
    return id.ok() ? *id : 0;
  }

  TestDatabase db_;
  std::unique_ptr<Store> store_;
};

}  // namespace ds01::store
