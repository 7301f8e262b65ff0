#include "http/uid_turns.h"

#include <gtest/gtest.h>

#include <string>

namespace ds01::http {
namespace {

const auto kAnyone = [](uid_t) { return true; };

TEST(UidTurns, UsersTakeTurnsWhateverOrderTheirItemsCameIn) {
  UidTurns<std::string> turns;
  turns.Push(1000, "a1");
  turns.Push(1000, "a2");
  turns.Push(1000, "a3");
  turns.Push(1001, "b1");
  std::string order;
  while (auto next = turns.Take(kAnyone)) order += next->second + " ";
  EXPECT_EQ(order, "a1 b1 a2 a3 ");
}

TEST(UidTurns, AUserWhoMayNotRunNowKeepsTheirPlace) {
  UidTurns<int> turns;
  turns.Push(1000, 1);
  turns.Push(1001, 2);
  auto next = turns.Take([](uid_t uid) { return uid != 1000; });
  ASSERT_TRUE(next.has_value());
  EXPECT_EQ(next->first, 1001u);
  EXPECT_FALSE(turns.Take([](uid_t uid) { return uid != 1000; }).has_value());
  next = turns.Take(kAnyone);
  ASSERT_TRUE(next.has_value());
  EXPECT_EQ(next->second, 1);
  EXPECT_FALSE(turns.Take(kAnyone).has_value());
}

}  // namespace
}  // namespace ds01::http
