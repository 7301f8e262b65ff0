#include "policy/process_options.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace ds01::policy {
namespace {

Result<CreateRequest> Checked(CreateRequest request, const Limits& limits = {}) {
  DS01_RETURN_IF_ERROR(CheckProcessOptions(&request, limits));
  return request;
}

TEST(ProcessOptions, NothingAskedChangesNothing) {
  auto checked = Checked({});
  ASSERT_TRUE(checked.ok());
  EXPECT_EQ(checked->working_dir, "");
  EXPECT_EQ(checked->stop_signal, "");
  EXPECT_FALSE(checked->stop_timeout.has_value());
}

TEST(ProcessOptions, AWorkingDirectoryIsWrittenPlainlyAndMustBeAbsolute) {
  CreateRequest request;
  request.working_dir = "/workspace//src/../runs/";
  EXPECT_EQ(Checked(request)->working_dir, "/workspace/runs");
  request.working_dir = "runs";
  EXPECT_EQ(Checked(request).error().code, ErrorCode::kInvalidArgument);
}

TEST(ProcessOptions, SignalsAreTakenByNameOrNumberAndWrittenAsTheirName) {
  CreateRequest request;
  for (auto [given, written] :
       {std::pair{"INT", "SIGINT"}, std::pair{"sigterm", "SIGTERM"}, std::pair{"9", "SIGKILL"},
        std::pair{"40", "40"}, std::pair{"SIGUSR1", "SIGUSR1"}}) {
    request.stop_signal = given;
    auto checked = Checked(request);
    ASSERT_TRUE(checked.ok()) << given;
    EXPECT_EQ(checked->stop_signal, written);
  }
  for (const char* bad : {"0", "65", "SIGNOPE", "-1", "TERM;rm"}) {
    request.stop_signal = bad;
    EXPECT_EQ(Checked(request).error().code, ErrorCode::kInvalidArgument) << bad;
  }
}

TEST(ProcessOptions, TheStopTimeoutIsHeldToTheLimit) {
  CreateRequest request;
  Limits limits;
  limits.max_stop_time = std::chrono::seconds(60);
  request.stop_timeout = 60;
  EXPECT_TRUE(Checked(request, limits).ok());
  request.stop_timeout = 61;
  auto over = Checked(request, limits);
  ASSERT_FALSE(over.ok());
  EXPECT_EQ(over.error().code, ErrorCode::kLimitExceeded);
  EXPECT_EQ(over.error().message, "stop_timeout 61s is above your max_stop_time of 1m");
  request.stop_timeout = -1;
  EXPECT_EQ(Checked(request, limits).error().code, ErrorCode::kInvalidArgument);
}

TEST(ProcessOptions, AHostnameIsOneDnsLabel) {
  CreateRequest request;
  for (const char* good : {"box", "train-01", "A1"}) {
    request.hostname = good;
    EXPECT_TRUE(Checked(request).ok()) << good;
  }
  for (const std::string& bad :
       std::vector<std::string>{"-box", "box-", "a.b", "a b", std::string(64, 'a')}) {
    request.hostname = bad;
    EXPECT_EQ(Checked(request).error().code, ErrorCode::kInvalidArgument) << bad;
  }
}

TEST(ProcessOptions, ACommandOrEntrypointNeedsAProgramAndNoNulByte) {
  CreateRequest request;
  request.command = {"python", "train.py"};
  request.entrypoint = std::vector<std::string>{};
  EXPECT_TRUE(Checked(request).ok()) << "an empty entrypoint clears the image's";
  request.command = {"", "train.py"};
  EXPECT_EQ(Checked(request).error().code, ErrorCode::kInvalidArgument);
  request.command = {"python", std::string("a\0b", 3)};
  EXPECT_NE(Checked(request).error().message.find("NUL"), std::string::npos);
  request.command = {};
  request.entrypoint = std::vector<std::string>{"", "x"};
  EXPECT_NE(Checked(request).error().message.find("entrypoint"), std::string::npos);
}

}  // namespace
}  // namespace ds01::policy
