// Users see and act on their own containers only: another user's container answers "not
// found" exactly as a missing one does, through the CLI and the raw API alike; admins see
// everyone's, with the owner.
#include <string>

#include "tests/e2e/support/e2e_fixture.h"

namespace ds01::e2e {
namespace {

class IsolationTest : public E2eTest {
 protected:
  void SetUp() override {
    ASSERT_NO_FATAL_FAILURE(E2eTest::SetUp());
    CliOk(user(1),
          {"container-create", "private", "--image=" + std::string(kBaseImage), "--gpu=1"});
    CliOk(user(1), {"container-start", "private"});
  }

  // Asserts that `args` (with the name at index 1) answers user 2 about user 1's container
  // exactly as about a name nobody has.
  void ExpectSameAsMissing(std::vector<std::string> args) {
    std::vector<std::string> missing = args;
    args[1] = "private";
    missing[1] = "nothere";
    ProcessResult theirs = Cli(user(2), args);
    ProcessResult absent = Cli(user(2), missing);
    EXPECT_EQ(theirs.exit_code, 3) << args[0] << " on another user's container\n"
                                   << theirs.Describe();
    EXPECT_EQ(absent.exit_code, 3) << args[0] << " on a missing name\n" << absent.Describe();
    EXPECT_EQ(Anonymise(theirs.err, "private"), Anonymise(absent.err, "nothere"))
        << args[0] << ": the answers must not tell the two apart";
    EXPECT_EQ(theirs.out, absent.out);
  }

  // As ExpectSameAsMissing, for a raw request whose target has {} where the name goes.
  void ExpectApiSameAsMissing(const std::string& method, const std::string& pattern,
                              const std::string& body = {}) {
    auto target = [&](const std::string& name) {
      std::string out = pattern;
      out.replace(out.find("{}"), 2, name);
      return out;
    };
    http::Response theirs = Api(user(2), method, target("private"), body);
    http::Response absent = Api(user(2), method, target("nothere"), body);
    EXPECT_EQ(theirs.status, 404) << method << " " << target("private") << ": " << theirs.body;
    EXPECT_EQ(absent.status, 404) << method << " " << target("nothere") << ": " << absent.body;
    EXPECT_EQ(Anonymise(theirs.body, "private"), Anonymise(absent.body, "nothere"))
        << method << " " << pattern;
  }

  void ExpectStillRunningAndUntouched() {
    Result<docker::ContainerInspect> inspect = InspectOf(user(1), "private");
    ASSERT_TRUE(inspect.ok()) << inspect.error().ToString();
    EXPECT_EQ(inspect->state.status, "running");
    std::optional<nlohmann::json> listed = Listed(user(1), "private");
    ASSERT_TRUE(listed.has_value());
    EXPECT_EQ(listed->value("state", ""), "running");
    EXPECT_EQ(listed->value("gpu_state", ""), "allocated");
  }
};

TEST_F(IsolationTest, AnotherUserDoesNotSeeItInTheList) {
  nlohmann::json theirs = ListAll(user(2));
  EXPECT_FALSE(FindContainer(theirs, "private").has_value()) << theirs.dump();
  ProcessResult table = CliOk(user(2), {"container-list", "--all"});
  EXPECT_EQ(table.out.find("private"), std::string::npos) << table.out;
  ProcessResult simple = CliOk(user(2), {"container-list", "--all", "--format=simple"});
  EXPECT_EQ(simple.out, "") << "user 2 has no containers";
}

TEST_F(IsolationTest, AnotherUserCannotActOnItAndLearnsNothing) {
  ExpectSameAsMissing({"container-start", "NAME"});
  ExpectSameAsMissing({"container-stop", "NAME", "--time=1"});
  ExpectSameAsMissing({"container-pause", "NAME"});
  ExpectSameAsMissing({"container-unpause", "NAME"});
  ExpectSameAsMissing({"container-remove", "NAME", "--stop", "--force"});
  ExpectSameAsMissing({"container-stats", "NAME"});
  ExpectStillRunningAndUntouched();
}

TEST_F(IsolationTest, TheRawApiAnswersNotFoundToo) {
  ExpectApiSameAsMissing("GET", "/v1/containers/{}");
  ExpectApiSameAsMissing("POST", "/v1/containers/{}/stop", R"({"time":1})");
  ExpectApiSameAsMissing("POST", "/v1/containers/{}/pause");
  ExpectApiSameAsMissing("POST", "/v1/containers/{}/remove", R"({"stop":true})");
  ExpectApiSameAsMissing("POST", "/v1/containers/{}/exec", R"({"cmd":["id"]})");
  ExpectApiSameAsMissing("GET", "/v1/containers/{}/stats");
  ExpectApiSameAsMissing("GET", "/v1/containers/{}/logs");
  http::Response listed = Api(user(2), "GET", "/v1/containers?all=1");
  EXPECT_EQ(listed.status, 200);
  EXPECT_EQ(listed.body.find("private"), std::string::npos) << listed.body;
  ExpectStillRunningAndUntouched();
}

TEST_F(IsolationTest, OwnerOnlyWorksForAdmins) {
  ProcessResult owner =
      Cli(user(2), {"container-stop", "private", "--time=1", "--owner=" + user(1).name});
  EXPECT_NE(owner.exit_code, 0) << owner.Describe();
  http::Response raw =
      Api(user(2), "POST", "/v1/containers/private/stop?owner=" + user(1).name, R"({"time":1})");
  EXPECT_GE(raw.status, 400) << raw.body;
  ExpectStillRunningAndUntouched();
}

TEST_F(IsolationTest, GpusShowsOthersSlotsAsTakenWithoutNames) {
  nlohmann::json gpus = Gpus(user(2));
  int taken = 0;
  for (const auto& gpu : gpus.value("gpus", nlohmann::json::array())) {
    for (const auto& slot : gpu.value("slots", nlohmann::json::array())) {
      if (slot.value("taken", false)) ++taken;
      EXPECT_FALSE(slot.contains("holder") && slot["holder"].is_object())
          << "user 2 sees who holds " << slot.dump();
    }
  }
  EXPECT_EQ(taken, 1) << gpus.dump();
  ProcessResult text = CliOk(user(2), {"gpus"});
  EXPECT_EQ(text.out.find("private"), std::string::npos) << text.out;
  EXPECT_EQ(text.out.find(user(1).name), std::string::npos) << text.out;
}

TEST_F(IsolationTest, TheSameNameIsFreeForAnotherUser) {
  CliOk(user(2), {"container-create", "private", "--image=" + std::string(kBaseImage), "--gpu=0"});
  Result<docker::ContainerInspect> theirs = InspectOf(user(2), "private");
  ASSERT_TRUE(theirs.ok()) << theirs.error().ToString();
  EXPECT_EQ(theirs->labels["ds01.uid"], std::to_string(user(2).uid));
  CliOk(user(2), {"container-remove", "private"});
  ExpectStillRunningAndUntouched();
}

TEST_F(IsolationTest, AnAdminSeesEveryonesContainersWithTheirOwners) {
  CliOk(user(2), {"container-create", "theirs", "--image=" + std::string(kBaseImage), "--gpu=0"});
  nlohmann::json all = ListAll(admin());
  std::optional<nlohmann::json> first = FindContainer(all, "private");
  std::optional<nlohmann::json> second = FindContainer(all, "theirs");
  ASSERT_TRUE(first.has_value() && second.has_value()) << all.dump();
  auto owner = [](const nlohmann::json& container) {
    nlohmann::json found = container.value("owner", nlohmann::json::object());
    return found.is_object() ? found : nlohmann::json::object();
  };
  EXPECT_EQ(owner(*first).value("user", ""), user(1).name) << first->dump();
  EXPECT_EQ(owner(*second).value("user", ""), user(2).name) << second->dump();
  EXPECT_EQ(owner(*first).value("uid", 0u), user(1).uid);

  ProcessResult table = CliOk(admin(), {"container-list", "--all"});
  EXPECT_NE(table.out.find("OWNER"), std::string::npos) << table.out;
  EXPECT_NE(table.out.find(user(1).name), std::string::npos) << table.out;
  EXPECT_NE(table.out.find(user(2).name), std::string::npos) << table.out;
}

TEST_F(IsolationTest, AnAdminActsOnAnotherUsersContainerByOwner) {
  CliOk(admin(), {"container-stop", "private", "--time=1", "--owner=" + user(1).name});
  Result<docker::ContainerInspect> inspect = InspectOf(user(1), "private");
  ASSERT_TRUE(inspect.ok());
  EXPECT_EQ(inspect->state.status, "exited");
  std::optional<nlohmann::json> listed = Listed(user(1), "private");
  ASSERT_TRUE(listed.has_value());
  EXPECT_EQ(listed->value("gpu_state", ""), "held");
}

}  // namespace
}  // namespace ds01::e2e
