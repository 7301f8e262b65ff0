#include "http/uid_quota.h"

#include <gtest/gtest.h>

#include <vector>

namespace ds01::http {
namespace {

TEST(UidQuota, CapsEachUidAndEveryoneTogether) {
  auto quota = UidQuota::Create(5, 2);
  std::vector<QuotaTicket> held;
  held.push_back(quota->TryTake(1001));
  held.push_back(quota->TryTake(1001));
  EXPECT_FALSE(quota->TryTake(1001));  // alice is at her cap
  held.push_back(quota->TryTake(1002));
  held.push_back(quota->TryTake(1002));
  held.push_back(quota->TryTake(1003));
  for (const auto& ticket : held) EXPECT_TRUE(ticket);
  EXPECT_FALSE(quota->TryTake(1004));  // everyone is
  EXPECT_EQ(quota->held_by(1001), 2u);
}

TEST(UidQuota, ATicketGivesItsPlaceBackWhenItEnds) {
  auto quota = UidQuota::Create(1, 1);
  {
    QuotaTicket first = quota->TryTake(1001);
    ASSERT_TRUE(first);
    QuotaTicket moved = std::move(first);
    EXPECT_FALSE(quota->TryTake(1002));
  }
  EXPECT_EQ(quota->held_by(1001), 0u);
  EXPECT_TRUE(quota->TryTake(1002));
}

TEST(UidQuota, RootIsHeldToTheTotalOnly) {
  auto quota = UidQuota::Create(3, 1);
  std::vector<QuotaTicket> held;
  for (int i = 0; i < 3; ++i) held.push_back(quota->TryTake(0));
  for (const auto& ticket : held) EXPECT_TRUE(ticket);
  EXPECT_FALSE(quota->TryTake(0));
}

}  // namespace
}  // namespace ds01::http
