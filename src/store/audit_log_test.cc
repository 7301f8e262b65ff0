#include "store/audit_log.h"

#include <gtest/gtest.h>

#include "store/table_test_support.h"

namespace ds01::store {
namespace {

using AuditLogTest = TableTest;

AuditEvent Event(std::string action, Outcome outcome = Outcome::kOk) {
  return AuditEvent{0,
                    FromMillis(1'700'000'000'000),
                    1000,
                    "alice",
                    std::move(action),
                    "alice/train",
                    outcome,
                    "slots 2"};
}

TEST_F(AuditLogTest, AppendsInOrderAndReadsBack) {
  auto tx = Write();
  AuditLog log(tx);
  auto first = log.Append(Event("allocate"));
  auto second = log.Append(Event("stop", Outcome::kRefused));
  ASSERT_TRUE(first.ok());
  ASSERT_TRUE(second.ok());
  EXPECT_LT(*first, *second);

  auto events = log.ListAfter(0, 10);
  ASSERT_TRUE(events.ok());
  ASSERT_EQ(events->size(), 2u);
  EXPECT_EQ((*events)[0].action, "allocate");
  EXPECT_EQ((*events)[0].actor, "alice");
  EXPECT_EQ((*events)[0].uid, 1000u);
  EXPECT_EQ((*events)[0].target, "alice/train");
  EXPECT_EQ((*events)[0].detail, "slots 2");
  EXPECT_EQ((*events)[0].at, FromMillis(1'700'000'000'000));
  EXPECT_EQ((*events)[1].outcome, Outcome::kRefused);
  EXPECT_EQ(log.ListAfter(*first, 10)->size(), 1u);
  EXPECT_EQ(log.ListAfter(0, 1)->size(), 1u);
}

TEST_F(AuditLogTest, TheLastEventOfATargetIsItsNewestAndNoOneElses) {
  auto tx = Write();
  AuditLog log(tx);
  EXPECT_FALSE(log.LastFor("alice/train")->has_value());
  ASSERT_TRUE(log.Append(Event("create")).ok());
  ASSERT_TRUE(log.Append(Event("auto-remove")).ok());
  AuditEvent other = Event("start");
  other.target = "alice/train2";
  ASSERT_TRUE(log.Append(other).ok());
  auto last = log.LastFor("alice/train");
  ASSERT_TRUE(last.ok() && last->has_value());
  EXPECT_EQ((*last)->action, "auto-remove");
  EXPECT_EQ((*last)->target, "alice/train");
  EXPECT_FALSE(log.LastFor("alice/tra")->has_value()) << "a target is matched whole";
}

TEST_F(AuditLogTest, FindsWhereAReplayFromATimeStarts) {
  auto tx = Write();
  AuditLog log(tx);
  EXPECT_EQ(*log.LastId(), 0);
  EXPECT_EQ(*log.IdBefore(FromMillis(0)), 0);
  std::vector<std::int64_t> ids;
  for (int second = 0; second < 50; ++second) {
    AuditEvent event = Event("start");
    event.at = FromMillis(1'700'000'000'000 + second * 1000);
    ids.push_back(*log.Append(event));
  }
  EXPECT_EQ(*log.LastId(), ids.back());
  EXPECT_EQ(*log.IdBefore(FromMillis(0)), 0) << "everything is after the dawn of time";
  EXPECT_EQ(*log.IdBefore(FromMillis(1'700'000'000'000)), 0);
  EXPECT_EQ(*log.IdBefore(FromMillis(1'700'000'017'000)), ids[16]);
  EXPECT_EQ(*log.IdBefore(FromMillis(1'700'000'017'500)), ids[17]);
  EXPECT_EQ(*log.IdBefore(FromMillis(1'800'000'000'000)), ids.back()) << "nothing that late";
}

TEST_F(AuditLogTest, RecordedEventsCannotBeChanged) {
  auto tx = Write();
  ASSERT_TRUE(AuditLog(tx).Append(Event("allocate")).ok());
  auto changed = tx.connection().Exec("UPDATE audit_events SET outcome = 'failed'");
  ASSERT_FALSE(changed.ok());
  EXPECT_NE(changed.error().message.find("append-only"), std::string::npos);
}

TEST_F(AuditLogTest, RecordedEventsCannotBeDeleted) {
  {
    auto tx = Write();
    ASSERT_TRUE(AuditLog(tx).Append(Event("allocate")).ok());
    ASSERT_TRUE(tx.Commit().ok());
  }
  auto tx = Write();
  auto deleted = tx.connection().Exec("DELETE FROM audit_events");
  ASSERT_FALSE(deleted.ok());
  EXPECT_NE(deleted.error().message.find("append-only"), std::string::npos);
  EXPECT_EQ(AuditLog(tx).ListAfter(0, 10)->size(), 1u);
}

TEST_F(AuditLogTest, AnEventVanishesWithTheTransactionThatWroteIt) {
  {
    auto tx = Write();
    ASSERT_TRUE(AuditLog(tx).Append(Event("allocate")).ok());
  }
  auto tx = Write();
  EXPECT_TRUE(AuditLog(tx).ListAfter(0, 10)->empty());
}

}  // namespace
}  // namespace ds01::store
