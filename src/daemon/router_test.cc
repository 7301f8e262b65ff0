#include "daemon/router.h"

#include <gtest/gtest.h>

#include "store/test_database.h"

namespace ds01::daemon {
namespace {

// Dispatching is tested through the API on a real socket (api_test.cc); here, what the router
// refuses to register.
TEST(RouterDeathTest, ARouteWhoseTraitsDoNotFitItIsNeverRegistered) {
  policy::FixedUserDirectory users;
  policy::ConfigHolder config{policy::Config{}};
  Authoriser authoriser(users, config);
  store::TestDatabase db;
  auto store = store::Store::Open(db.path());
  ASSERT_TRUE(store.ok());
  EngineCalls engine_calls(EngineCalls::Limits{});
  Router router(authoriser, **store, engine_calls);
  const auto nothing = [](const RouteCall&) {};
  EXPECT_DEATH(router.Add("POST", "/v1/x", RouteTraits{Access::kAnyUser, true, 0, EngineUse::kNone},
                          nothing),
               "declares traits that do not fit");
  EXPECT_DEATH(router.Add("GET", "/v1/x",
                          RouteTraits{Access::kOwnContainer, true, 0, EngineUse::kNone}, nothing),
               "declares traits that do not fit");
  router.Add("GET", "/v1/x/{name}", RouteTraits{Access::kOwnContainer, true, 0, EngineUse::kNone},
             nothing);
  EXPECT_EQ(router.routes().size(), 1u);
}

TEST(Query, ValuesAreFoundAndDecoded) {
  EXPECT_EQ(QueryValue("all=1&owner=bob", "owner"), "bob");
  EXPECT_EQ(QueryValue("owner=a%20b+c", "owner"), "a b c");
  EXPECT_EQ(QueryValue("all", "all"), "");
  EXPECT_EQ(QueryValue("all=1", "owner"), std::nullopt);
  EXPECT_EQ(QueryValue("", "owner"), std::nullopt);
  EXPECT_EQ(PercentDecode("100%", false), "100%") << "a malformed escape stays as written";
}

TEST(Query, FlagsAreTrueForOneTrueYesOrNoValue) {
  EXPECT_TRUE(QueryFlag("all=1", "all"));
  EXPECT_TRUE(QueryFlag("all=true", "all"));
  EXPECT_TRUE(QueryFlag("x=2&all", "all"));
  EXPECT_FALSE(QueryFlag("all=0", "all"));
  EXPECT_FALSE(QueryFlag("", "all"));
}

}  // namespace
}  // namespace ds01::daemon
