#include "policy/lifecycle_options.h"

#include <gtest/gtest.h>

namespace ds01::policy {
namespace {

using std::chrono::seconds;

TEST(LifecycleOptions, RestartPoliciesAreReadAsDockerWritesThem) {
  EXPECT_EQ(ParseRestartPolicy("no")->name, "no");
  EXPECT_EQ(ParseRestartPolicy("unless-stopped")->name, "unless-stopped");
  auto bounded = ParseRestartPolicy("on-failure:3");
  ASSERT_TRUE(bounded.ok());
  EXPECT_EQ(bounded->name, "on-failure");
  EXPECT_EQ(bounded->max_retries, 3);
  EXPECT_EQ(ParseRestartPolicy("on-failure")->max_retries, 0);
  for (std::string_view bad : {"", "sometimes", "on-failure:", "on-failure:0", "on-failure:x",
                               "on-failure:1001", "on-failure:-1", "unless-stopped:2", "No"}) {
    auto parsed = ParseRestartPolicy(bad);
    ASSERT_FALSE(parsed.ok()) << bad;
    EXPECT_EQ(parsed.error().code, ErrorCode::kInvalidArgument) << bad;
  }
}

TEST(LifecycleOptions, AlwaysIsReadButRefusedBecauseItWouldHoldGpusForever) {
  CreateRequest request;
  request.restart = *ParseRestartPolicy("always");
  Status checked = CheckLifecycleOptions(request);
  ASSERT_FALSE(checked.ok());
  EXPECT_EQ(checked.error().code, ErrorCode::kPermissionDenied);
  EXPECT_NE(checked.error().message.find("GPUs forever"), std::string::npos);
  EXPECT_NE(checked.error().hint.find("unless-stopped"), std::string::npos);
  request.restart = *ParseRestartPolicy("unless-stopped");
  EXPECT_TRUE(CheckLifecycleOptions(request).ok());
}

TEST(LifecycleOptions, RemovalAtExitTakesNoRestartPolicy) {
  CreateRequest request;
  request.auto_remove = true;
  EXPECT_TRUE(CheckLifecycleOptions(request).ok());
  request.restart = *ParseRestartPolicy("no");
  EXPECT_TRUE(CheckLifecycleOptions(request).ok());
  request.restart = *ParseRestartPolicy("on-failure:2");
  Status checked = CheckLifecycleOptions(request);
  ASSERT_FALSE(checked.ok());
  EXPECT_EQ(checked.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(checked.error().message.find("--rm"), std::string::npos);
}

TEST(LifecycleOptions, AHealthProbeRunsAtMostOnceASecond) {
  CreateRequest request;
  request.health =
      HealthOptions{"curl -f localhost:8000", false, seconds(10), seconds(5), seconds(30), 3};
  EXPECT_TRUE(CheckLifecycleOptions(request).ok());
  request.health.interval = seconds(0);
  EXPECT_NE(CheckLifecycleOptions(request).error().message.find("interval"), std::string::npos);
  request.health.interval = seconds(1);
  request.health.timeout = seconds(0);
  EXPECT_NE(CheckLifecycleOptions(request).error().message.find("timeout"), std::string::npos);
  request.health.timeout.reset();
  request.health.retries = 101;
  EXPECT_EQ(CheckLifecycleOptions(request).error().code, ErrorCode::kInvalidArgument);
  request.health.retries = -1;
  EXPECT_EQ(CheckLifecycleOptions(request).error().code, ErrorCode::kInvalidArgument);
}

TEST(LifecycleOptions, TurningTheProbeOffAndSettingItIsAContradiction) {
  CreateRequest request;
  request.health.disabled = true;
  EXPECT_TRUE(CheckLifecycleOptions(request).ok());
  request.health.retries = 3;
  EXPECT_NE(CheckLifecycleOptions(request).error().hint.find("--no-healthcheck"),
            std::string::npos);
}

}  // namespace
}  // namespace ds01::policy
