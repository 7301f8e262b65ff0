// container-prune and image-prune (issue 11) as real users: a user's prune removes their own
// stopped containers through container-remove's path (their GPUs freed) and their own old
// builds, and nothing of anyone else; --until counts from the last stop; --dry-run removes
// nothing; a container started while a prune runs is never removed; another user's --owner and
// odd durations are refused from the CLI and raw alike. What remains is read from the engine by
// an independent client (Debian's python3-docker, as root).
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>

#include "docker/images.h"
#include "tests/e2e/support/e2e_fixture.h"

namespace ds01::e2e {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kProject = "prunable";

// The message of ds01d's {"error": …} answer.
std::string RefusalOf(const http::Response& response) {
  const auto body = nlohmann::json::parse(response.body, nullptr, false);
  return body.is_object() ? body["error"].value("message", "(none)") : "(not JSON)";
}

class PruneTest : public E2eTest {
 protected:
  void Configure(TestConfig& config) override {
    // A stop keeps the GPU held all through a test: only a removal frees it.
    config.gpu_hold_after_stop = "1h";
  }

  void SetUp() override {
    ASSERT_NO_FATAL_FAILURE(E2eTest::SetUp());
    Cleanup();
  }

  void TearDown() override {
    Cleanup();
    E2eTest::TearDown();
  }

  docker::ImageApi Images() { return docker::ImageApi(engine().engine()); }

  std::string Reference(const TestUser& who) const {
    return "ds01-" + std::to_string(who.uid) + "/" + std::string(kProject) + ":latest";
  }

  // Every build this test made, named or left behind by a rebuild, and the projects.
  void Cleanup() {
    for (const std::string& id : built_) (void)Images().Remove(id, {.force = true});
    built_.clear();
    for (int n : {1, 2}) {
      (void)Images().Remove(Reference(user(n)), {.force = true});
      fs::remove_all(user(n).workspace + "/" + std::string(kProject));
    }
  }

  // Builds `who`'s project with a Dockerfile that writes `version`; the new image's id.
  std::string Build(const TestUser& who, const std::string& version) {
    const std::string dir = who.workspace + "/" + std::string(kProject);
    if (!fs::exists(dir))
      CliOk(who, {"project", "init", std::string(kProject), "--quick", "--no-git"});
    // Rewritten in place, the file stays the user's.
    std::ofstream(dir + "/Dockerfile", std::ios::trunc)
        << "FROM " << kBaseImage << "\nRUN echo " << version << " > /v\n";
    CliOk(who, {"image-update", std::string(kProject)});
    auto image = Images().Inspect(Reference(who));
    EXPECT_TRUE(image.ok()) << (image.ok() ? "" : image.error().ToString());
    if (!image.ok()) return "";
    built_.push_back(image->id);
    return image->id;
  }

  // What the engine holds, read by docker-py: the managed containers' names and states, and
  // every image id.
  nlohmann::json EngineSays() {
    ProcessSpec spec;
    spec.path = "/usr/bin/python3";
    spec.argv = {
        "python3", "-c",
        "import docker, json, sys\n"
        "client = docker.APIClient(base_url=sys.argv[1], version='auto')\n"
        "containers = client.containers(all=True, filters={'label': 'ds01.managed=true'})\n"
        "print(json.dumps({\n"
        "  'containers': {c['Names'][0].lstrip('/'): c['State'] for c in containers},\n"
        "  'images': [i['Id'] for i in client.images(all=True)]}))\n",
        engine().engine().address()};
    spec.env = {"PATH=/usr/bin:/bin"};
    Result<ProcessResult> ran = RunProcess(spec);
    if (!ran.ok() || ran->exit_code != 0) {
      ADD_FAILURE() << "docker-py could not list the engine: "
                    << (ran.ok() ? ran->Describe() : ran.error().ToString());
      return nlohmann::json::object(
          {{"containers", nlohmann::json::object()}, {"images", nlohmann::json::array()}});
    }
    return nlohmann::json::parse(ran->out, nullptr, false);
  }

  // The engine's state of `who`'s container `name`, or "absent".
  static std::string StateIn(const nlohmann::json& engine, const TestUser& who,
                             std::string_view name) {
    return engine["containers"].value(DockerName(name, who.uid), "absent");
  }

  static bool HasImage(const nlohmann::json& engine, const std::string& id) {
    const auto& images = engine["images"];
    return std::find(images.begin(), images.end(), id) != images.end();
  }

  // GPU-equivalents `who` holds, as GET /v1/limits counts them.
  double GpusInUse(const TestUser& who) {
    const auto limits = nlohmann::json::parse(Api(who, "GET", "/v1/limits").body, nullptr, false);
    return limits.is_object() ? limits["usage"].value("gpus", -1.0) : -1.0;
  }

  void Create(const TestUser& who, const std::string& name, int gpus = 0) {
    CliOk(who, {"container-create", name, "--image=" + std::string(kBaseImage),
                "--gpu=" + std::to_string(gpus)});
  }

  void CreateStartStop(const TestUser& who, const std::string& name, int gpus = 0) {
    Create(who, name, gpus);
    CliOk(who, {"container-start", name});
    CliOk(who, {"container-stop", name, "--force", "--time=1"});
  }

  static std::string Short(const std::string& id) { return id.substr(id.find(':') + 1, 12); }

  std::vector<std::string> built_;
};

TEST_F(PruneTest, AUsersPruneRemovesTheirStoppedContainersFreesTheirGpusAndLeavesTheRest) {
  Create(user(1), "done", 1);
  CliOk(user(1), {"container-start", "done"});
  CliOk(user(1),
        {"container-exec", "done", "--", "sh", "-c", "head -c 1048576 /dev/zero > \"$HOME/mib\""});
  CliOk(user(1), {"container-stop", "done", "--force", "--time=1"});  // its GPU is held an hour
  Create(user(1), "fresh");
  Create(user(1), "live", 1);
  CliOk(user(1), {"container-start", "live"});
  CreateStartStop(user(2), "theirs", 1);
  ASSERT_EQ(GpusInUse(user(1)), 2.0);
  ASSERT_EQ(GpusInUse(user(2)), 1.0);

  ProcessResult pruned = CliOk(user(1), {"container-prune"});
  EXPECT_NE(pruned.out.find("Removed done (1.0MiB, not run for "), std::string::npos)
      << "its own layer holds the MiB it wrote\n"
      << pruned.out;
  EXPECT_NE(pruned.out.find("Removed fresh ("), std::string::npos) << pruned.out;
  EXPECT_NE(pruned.out.find("\nReclaimed "), std::string::npos) << pruned.out;
  EXPECT_NE(pruned.out.find(" from 2 containers\n"), std::string::npos) << pruned.out;
  EXPECT_EQ(pruned.out.find("live"), std::string::npos) << pruned.out;
  EXPECT_EQ(pruned.out.find("theirs"), std::string::npos) << pruned.out;

  EXPECT_EQ(GpusInUse(user(1)), 1.0) << "done's held GPU is free, live keeps its own";
  EXPECT_EQ(GpusInUse(user(2)), 1.0);
  const nlohmann::json engine = EngineSays();
  EXPECT_EQ(StateIn(engine, user(1), "done"), "absent");
  EXPECT_EQ(StateIn(engine, user(1), "fresh"), "absent");
  EXPECT_EQ(StateIn(engine, user(1), "live"), "running");
  EXPECT_EQ(StateIn(engine, user(2), "theirs"), "exited");

  EXPECT_EQ(CliOk(user(1), {"container-prune"}).out,
            "Nothing to prune: no created or stopped containers.\n");
  // The audit names the user and the prune.
  ProcessResult events = CliOk(user(1), {"ds01", "events", "--format=json"});
  EXPECT_NE(events.out.find("\"detail\":\"pruned; freed GPU"), std::string::npos) << events.out;
}

TEST_F(PruneTest, UntilCountsFromTheLastStopAndADryRunRemovesNothing) {
  Create(user(1), "long-lived");
  CliOk(user(1), {"container-start", "long-lived"});
  CreateStartStop(user(1), "old");
  std::this_thread::sleep_for(std::chrono::seconds(4));
  // Created four seconds ago, stopped just now: it has not been stopped for long.
  CliOk(user(1), {"container-stop", "long-lived", "--force", "--time=1"});
  Create(user(1), "new");

  ProcessResult dry = CliOk(user(1), {"container-prune", "--until=3s", "--dry-run"});
  EXPECT_NE(dry.out.find("Would remove old ("), std::string::npos) << dry.out;
  EXPECT_EQ(dry.out.find("long-lived"), std::string::npos) << dry.out;
  EXPECT_EQ(dry.out.find("new"), std::string::npos) << dry.out;
  EXPECT_NE(dry.out.find("(a dry run: nothing was removed)"), std::string::npos) << dry.out;
  EXPECT_EQ(StateIn(EngineSays(), user(1), "old"), "exited") << "a dry run removes nothing";

  ProcessResult pruned = CliOk(user(1), {"container-prune", "--until=3s"});
  EXPECT_NE(pruned.out.find("Removed old ("), std::string::npos) << pruned.out;
  const nlohmann::json engine = EngineSays();
  EXPECT_EQ(StateIn(engine, user(1), "old"), "absent");
  EXPECT_EQ(StateIn(engine, user(1), "long-lived"), "exited");
  EXPECT_EQ(StateIn(engine, user(1), "new"), "created");
}

// The prune chooses the stopped containers, then removes them one by one; a start of one of them
// races it. Whichever wins, a container that was started is never removed, and one that was
// removed was never started.
TEST_F(PruneTest, AContainerStartedWhileAPruneRunsIsNeverRemoved) {
  const std::vector<std::string> names = {"r1", "r2", "r3", "r4", "r5", "r6"};
  for (int round = 0; round < 3; ++round) {
    for (const std::string& name : names) Create(user(1), name);
    const std::string& raced = names[static_cast<std::size_t>(2 + round)];
    ProcessResult pruned;
    std::thread pruning([&] { pruned = Cli(user(1), {"container-prune"}); });
    std::this_thread::sleep_for(std::chrono::milliseconds(150 * round));
    ProcessResult started = Cli(user(1), {"container-start", raced});
    pruning.join();
    ASSERT_EQ(pruned.exit_code, 0) << pruned.Describe();
    const nlohmann::json engine = EngineSays();
    const bool reported_removed = pruned.out.find("Removed " + raced + " (") != std::string::npos;
    if (started.exit_code == 0) {
      EXPECT_EQ(StateIn(engine, user(1), raced), "running") << pruned.out;
      EXPECT_FALSE(reported_removed) << pruned.out;
    } else {
      EXPECT_EQ(StateIn(engine, user(1), raced), "absent") << started.Describe() << pruned.out;
      EXPECT_TRUE(reported_removed || started.exit_code == 4) << pruned.out << started.Describe();
    }
    for (const std::string& name : names) {
      if (name != raced) {
        EXPECT_EQ(StateIn(engine, user(1), name), "absent") << name;
      }
    }
    if (started.exit_code == 0) CliOk(user(1), {"container-remove", raced, "--stop", "--force"});
  }
}

TEST_F(PruneTest, ImagePruneRemovesTheUsersOldBuildAndLeavesEveryOtherImage) {
  const std::string first = Build(user(1), "one");
  const std::string second = Build(user(1), "two");
  const std::string theirs_old = Build(user(2), "three");
  const std::string theirs = Build(user(2), "four");
  ASSERT_NE(first, second);
  ASSERT_NE(theirs_old, theirs);
  const auto base = Images().Inspect(kBaseImage);
  ASSERT_TRUE(base.ok());

  ProcessResult dry = CliOk(user(1), {"image-prune", "--dry-run"});
  EXPECT_NE(dry.out.find("Would remove image " + Short(first) + " ("), std::string::npos)
      << dry.out;
  EXPECT_EQ(dry.out.find(Short(theirs_old)), std::string::npos) << dry.out;
  EXPECT_TRUE(HasImage(EngineSays(), first)) << "a dry run removes nothing";

  ProcessResult pruned = CliOk(user(1), {"image-prune"});
  EXPECT_NE(pruned.out.find("Removed image " + Short(first) + " ("), std::string::npos)
      << pruned.out;
  EXPECT_NE(pruned.out.find("old build of prunable"), std::string::npos) << pruned.out;
  EXPECT_NE(pruned.out.find("\nReclaimed "), std::string::npos) << pruned.out;
  const nlohmann::json engine = EngineSays();
  EXPECT_FALSE(HasImage(engine, first));
  EXPECT_TRUE(HasImage(engine, second)) << "the current build";
  EXPECT_TRUE(HasImage(engine, theirs_old)) << "another user's old build";
  EXPECT_TRUE(HasImage(engine, theirs));
  EXPECT_TRUE(HasImage(engine, base->id)) << "the base image";
  EXPECT_EQ(
      CliOk(user(1), {"container-create", "after", "--gpu=0", "--project=prunable"}).exit_code, 0)
      << "the current build still makes containers";
  EXPECT_EQ(CliOk(user(1), {"image-prune", "--format=json"}).out.find(Short(first)),
            std::string::npos);
}

TEST_F(PruneTest, AnOldBuildAContainerStillUsesIsSkippedNamingIt) {
  const std::string first = Build(user(1), "one");
  CliOk(user(1), {"container-create", "on-old", "--gpu=0", "--project=prunable"});
  Build(user(1), "two");

  ProcessResult kept = CliOk(user(1), {"image-prune"});
  EXPECT_NE(kept.out.find("Skipped image " + Short(first) +
                          ": container on-old still uses it (recreate it to move it to the new "
                          "build)"),
            std::string::npos)
      << kept.out;
  EXPECT_TRUE(HasImage(EngineSays(), first));

  CliOk(user(1), {"container-remove", "on-old", "--force"});
  ProcessResult pruned = CliOk(user(1), {"image-prune"});
  EXPECT_NE(pruned.out.find("Removed image " + Short(first)), std::string::npos) << pruned.out;
  EXPECT_FALSE(HasImage(EngineSays(), first));
}

TEST_F(PruneTest, AnotherUsersOwnerIsRefusedFromTheCliAndRawAndAnAdminPrunesWithAndWithoutIt) {
  Create(user(1), "a1");
  Create(user(2), "b1");
  for (const char* command : {"container-prune", "image-prune"}) {
    ProcessResult cli = Cli(user(1), {command, "--owner=" + user(2).name, "--force"});
    EXPECT_EQ(cli.exit_code, 4) << cli.Describe();
    const std::string route =
        std::string(command) == "container-prune" ? "/v1/containers/prune" : "/v1/images/prune";
    http::Response raw = Api(user(1), "POST", route + "?owner=" + user(2).name, "{}");
    EXPECT_EQ(raw.status, 403) << raw.body;
    EXPECT_NE(RefusalOf(raw).find("Only an admin may prune another user's"), std::string::npos)
        << raw.body;
    EXPECT_NE(cli.err.find(RefusalOf(raw)), std::string::npos) << cli.err << "\n" << raw.body;
    // Nobody by that name: the same words.
    http::Response nobody = Api(user(1), "POST", route + "?owner=nobody-at-all", "{}");
    EXPECT_EQ(nobody.status, 403);
  }
  EXPECT_EQ(StateIn(EngineSays(), user(2), "b1"), "created");

  ProcessResult theirs = CliOk(admin(), {"container-prune", "--owner=" + user(1).name});
  EXPECT_NE(theirs.out.find("Removed " + user(1).name + "/a1 ("), std::string::npos) << theirs.out;
  nlohmann::json engine = EngineSays();
  EXPECT_EQ(StateIn(engine, user(1), "a1"), "absent");
  EXPECT_EQ(StateIn(engine, user(2), "b1"), "created");

  Create(user(1), "a2");
  ProcessResult everyones = CliOk(admin(), {"container-prune", "--force"});
  EXPECT_NE(everyones.out.find(user(1).name + "/a2"), std::string::npos) << everyones.out;
  EXPECT_NE(everyones.out.find(user(2).name + "/b1"), std::string::npos) << everyones.out;
  engine = EngineSays();
  EXPECT_EQ(StateIn(engine, user(1), "a2"), "absent");
  EXPECT_EQ(StateIn(engine, user(2), "b1"), "absent");

  const std::string mine_old = Build(user(1), "one");
  Build(user(1), "two");
  const std::string theirs_old = Build(user(2), "three");
  Build(user(2), "four");
  // Everyone's old builds, as a dry run: a real one would reach every ds01-built image on this
  // shared engine, other test runs' included.
  ProcessResult all = CliOk(admin(), {"image-prune", "--dry-run", "--format=simple"});
  EXPECT_NE(all.out.find(mine_old + "\n"), std::string::npos) << all.out;
  EXPECT_NE(all.out.find(theirs_old + "\n"), std::string::npos) << all.out;
  EXPECT_EQ(all.out.find(Images().Inspect(kBaseImage)->id), std::string::npos) << all.out;
  ProcessResult one = CliOk(admin(), {"image-prune", "--owner=" + user(2).name});
  EXPECT_NE(one.out.find("Removed image " + Short(theirs_old) + " ("), std::string::npos)
      << one.out;
  EXPECT_NE(one.out.find(user(2).name + "'s old build of prunable"), std::string::npos) << one.out;
  engine = EngineSays();
  EXPECT_FALSE(HasImage(engine, theirs_old));
  EXPECT_TRUE(HasImage(engine, mine_old));
}

TEST_F(PruneTest, OddDurationsAreRefusedFromTheCliAndRawWithNothingRemoved) {
  Create(user(1), "kept");
  for (const char* odd : {"--until=1.5h", "--until=-1h", "--until=24", "--until=24H",
                          "--until=2h 30m", "--until=99999999999999999999d"}) {
    ProcessResult cli = Cli(user(1), {"container-prune", odd});
    EXPECT_EQ(cli.exit_code, 2) << odd << ": " << cli.Describe();
  }
  // A duration ds01 reads but ds01d bounds: a million days.
  ProcessResult huge = Cli(user(1), {"container-prune", "--until=1000000d"});
  EXPECT_EQ(huge.exit_code, 2) << huge.Describe();
  for (const char* body : {R"({"until":-1})", R"({"until":"24h"})", R"({"until":1.5})",
                           R"({"until":1e300})", R"({"until":86400000000})",
                           R"({"until":18446744073709551615})", R"({"older_than":60})", "[]"}) {
    http::Response raw = Api(user(1), "POST", "/v1/containers/prune", body);
    EXPECT_EQ(raw.status, 400) << body << ": " << raw.body;
  }
  http::Response dry = Api(user(1), "POST", "/v1/images/prune", R"({"dry_run":"yes"})");
  EXPECT_EQ(dry.status, 400) << dry.body;
  EXPECT_NE(huge.err.find(RefusalOf(
                Api(user(1), "POST", "/v1/containers/prune", R"({"until":86400000000})"))),
            std::string::npos)
      << huge.err;
  EXPECT_EQ(StateIn(EngineSays(), user(1), "kept"), "created");
}

}  // namespace
}  // namespace ds01::e2e
