// Seed 000's workflows and scripts, run by bash as a real user with the installed command
// names on PATH. The command lines are the seed's own; what the seed takes for granted (the
// projects and their images, a `python` and a `pytest` inside them) is set up first, and each
// test says how. Lines the seed means to be typed inside a container go to that container's
// shell, as a here-document.
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <string>

#include "docker/images.h"
#include "tests/e2e/support/e2e_fixture.h"

namespace ds01::e2e {
namespace {

namespace fs = std::filesystem;

// Tools the seed's scripts call inside their containers, for the busybox test image: `python`
// and `pytest` that write what they were asked into the workspace, and pass unless told to fail.
constexpr const char* kToolsDockerfile =
    "FROM ds01-test/base:latest\n"
    "RUN printf '#!/bin/sh\\necho \"python $*\" >> /workspace/experiments/log\\n' > /bin/python"
    " && printf '#!/bin/sh\\necho \"pytest in $(pwd)\"\\n[ ! -e fail ]\\n' > /bin/pytest"
    " && chmod 755 /bin/python /bin/pytest\n";

class SeedWorkflowsTest : public E2eTest {
 protected:
  // Workflow 3 runs three containers of one GPU each.
  void Configure(TestConfig& config) override { config.max_gpus = 3; }

  void SetUp() override {
    ASSERT_NO_FATAL_FAILURE(E2eTest::SetUp());
    Forget();
  }
  void TearDown() override {
    Forget();
    E2eTest::TearDown();
  }

  // Builds user 1's project `name` (its directory holding `files`), as image-create does.
  void Project(const std::string& name, const std::map<std::string, std::string>& files = {}) {
    const std::string dir = user(1).workspace + "/" + name;
    fs::create_directories(dir);
    std::ofstream(dir + "/Dockerfile") << kToolsDockerfile;
    for (const auto& [path, text] : files) {
      fs::create_directories(fs::path(dir + "/" + path).parent_path());
      std::ofstream(dir + "/" + path) << text;
    }
    Own(dir);
    projects_.push_back(name);
    CliOk(user(1), {"image-create", name});
  }

  // Runs `script` with bash as user 1 in `cwd` (their home by default), with `args`.
  ProcessResult Bash(const std::string& script, const std::vector<std::string>& args = {},
                     const std::string& cwd = {}) {
    const std::string path = user(1).home + "/seed-script.sh";
    std::ofstream(path, std::ios::trunc) << script;
    Own(path);
    ProcessSpec spec;
    spec.path = "/bin/bash";
    spec.argv = {"bash", path};
    spec.argv.insert(spec.argv.end(), args.begin(), args.end());
    spec.env = CliEnvironment(user(1));
    spec.as = user(1).credentials();
    spec.cwd = cwd.empty() ? user(1).home : cwd;
    spec.timeout = std::chrono::minutes(3);
    Result<ProcessResult> ran = RunProcess(spec);
    EXPECT_TRUE(ran.ok()) << ran.error().ToString();
    return ran.ok() ? *ran : ProcessResult{};
  }

  std::string Workspace(const std::string& path) const { return user(1).workspace + "/" + path; }

 private:
  void Own(const std::string& path) {
    ASSERT_EQ(::lchown(path.c_str(), user(1).uid, user(1).gid), 0) << path;
    if (!fs::is_directory(path)) return;
    for (const auto& entry : fs::recursive_directory_iterator(path)) {
      ASSERT_EQ(::lchown(entry.path().c_str(), user(1).uid, user(1).gid), 0) << entry.path();
    }
  }

  // Projects and their images outlive the fixture's container clean-up: removed here.
  void Forget() {
    docker::ImageApi images(engine().engine());
    for (const std::string& name : projects_) {
      fs::remove_all(Workspace(name));
      (void)images.Remove("ds01-" + std::to_string(user(1).uid) + "/" + name + ":latest",
                          {.force = true});
    }
    projects_.clear();
  }

  std::vector<std::string> projects_;
};

TEST_F(SeedWorkflowsTest, Workflows1And2CreateCheckStartAttachStopAndResume) {
  Project("my-project");
  ProcessResult ran = Bash(R"SH(set -e
# Workflow 1: Debug Container Creation
container-create my-project
container-list --all
container-start my-project
container-attach my-project <<'INSIDE'
echo "inside $(hostname)"
INSIDE

# Workflow 2: Pause Work Briefly ("exit" is typed in the container's shell, above)
container-stop my-project
container-start my-project
container-attach my-project <<'INSIDE'
echo "back in $(hostname)"
exit
INSIDE
)SH");
  EXPECT_EQ(ran.exit_code, 0) << ran.Describe();
  EXPECT_NE(ran.out.find("inside my-project\n"), std::string::npos) << ran.out;
  EXPECT_NE(ran.out.find("back in my-project\n"), std::string::npos) << ran.out;
}

TEST_F(SeedWorkflowsTest, Workflow3CreatesThreeWorksInOneAndCleansUp) {
  for (const char* name : {"exp-1", "exp-2", "exp-3"}) Project(name);
  ProcessResult ran = Bash(R"SH(set -e
# Create 3 containers
container-create exp-1
container-create exp-2
container-create exp-3

# Start all
container-start exp-1
container-start exp-2
container-start exp-3

# Work in one
container-attach exp-1 <<'INSIDE'
echo "working in $(hostname)"
INSIDE

# When done, clean up
container-stop exp-1 && container-remove exp-1
container-stop exp-2 && container-remove exp-2
container-stop exp-3 && container-remove exp-3
)SH");
  EXPECT_EQ(ran.exit_code, 0) << ran.Describe();
  EXPECT_NE(ran.out.find("working in exp-1\n"), std::string::npos) << ran.out;
  EXPECT_EQ(ListAll(user(1)), nlohmann::json::array());
}

TEST_F(SeedWorkflowsTest, Workflow4RebuildsAndRecreates) {
  Project("my-thesis");
  CliOk(user(1), {"container-create", "my-thesis"});
  std::ofstream(Workspace("my-thesis/Dockerfile"), std::ios::app) << "RUN echo v2 > /version\n";
  ProcessResult ran = Bash(R"SH(set -e
# Rebuild image
image-update my-thesis

# Remove old container
container-remove my-thesis --stop

# Create new container from updated image
container-create my-thesis
container-run my-thesis <<'INSIDE'
cat /version
INSIDE
)SH");
  EXPECT_EQ(ran.exit_code, 0) << ran.Describe();
  EXPECT_NE(ran.out.find("container-remove my-thesis --stop && container-create my-thesis"),
            std::string::npos)
      << ran.out;
  EXPECT_NE(ran.out.find("v2\n"), std::string::npos) << ran.out;
}

TEST_F(SeedWorkflowsTest, Script1RunsEachExperimentInItsOwnContainer) {
  // run-experiments.sh's projects: one per config, each with an experiments/ directory.
  for (const char* name : {"exp-a", "exp-b"}) Project(name, {{"experiments/.keep", ""}});
  const std::string dir = user(1).home + "/experiments-run";
  fs::create_directories(dir + "/configs");
  for (const char* config : {"a", "b"}) std::ofstream(dir + "/configs/" + config + ".yaml");
  ASSERT_EQ(::chown(dir.c_str(), user(1).uid, user(1).gid), 0);
  ProcessResult ran = Bash(R"SH(#!/bin/bash
# run-experiments.sh

for config in configs/*.yaml; do
  name=$(basename $config .yaml)

  # Create and start container
  container-create exp-$name --background
  container-start exp-$name

  # Run experiment
  container-attach exp-$name <<EOF
cd /workspace/experiments
python train.py --config $config
exit
EOF

  # Cleanup
  container-stop exp-$name
  container-remove exp-$name
done
)SH",
                           {}, dir);
  EXPECT_EQ(ran.exit_code, 0) << ran.Describe();
  for (const char* name : {"a", "b"}) {
    std::ifstream log(Workspace(std::string("exp-") + name + "/experiments/log"));
    std::string line;
    std::getline(log, line);
    EXPECT_EQ(line, std::string("python train.py --config configs/") + name + ".yaml");
  }
  EXPECT_EQ(ListAll(user(1)), nlohmann::json::array());
}

TEST_F(SeedWorkflowsTest, Script2ReportsTheTestsExitStatus) {
  // test-image.sh builds PROJECT, then tests it in test-PROJECT, whose project holds PROJECT's
  // tests in PROJECT/.
  const std::string script = R"SH(#!/bin/bash
# test-image.sh

PROJECT=$1

# Build image
image-create $PROJECT || exit 1

# Create test container
container-create test-$PROJECT || exit 1
container-start test-$PROJECT || exit 1

# Run tests
container-attach test-$PROJECT <<EOF
cd /workspace/$PROJECT
pytest tests/
EXIT_CODE=$?
exit $EXIT_CODE
EOF

TEST_RESULT=$?

# Cleanup
container-remove test-$PROJECT --stop

# Report
if [ $TEST_RESULT -eq 0 ]; then
  echo "Tests passed!"
else
  echo "Tests failed!"
  exit 1
fi
)SH";
  Project("app");
  Project("test-app", {{"app/tests/test_app.py", ""}});
  ProcessResult passed = Bash(script, {"app"});
  EXPECT_EQ(passed.exit_code, 0) << passed.Describe();
  EXPECT_NE(passed.out.find("pytest in /workspace/app\n"), std::string::npos) << passed.out;
  EXPECT_NE(passed.out.find("Tests passed!\n"), std::string::npos) << passed.out;

  // As written, the here-document is unquoted, so the host's shell expands $? and
  // $EXIT_CODE before the container sees them and the script reports a pass whatever pytest
  // said. With them escaped, as the script means, the failing status comes through
  // container-attach.
  std::ofstream(Workspace("test-app/app/fail"));
  ProcessResult as_written = Bash(script, {"app"});
  EXPECT_NE(as_written.out.find("Tests passed!\n"), std::string::npos) << as_written.out;
  std::string escaped = script;
  escaped.replace(escaped.find("EXIT_CODE=$?"), 12, "EXIT_CODE=\\$?");
  escaped.replace(escaped.find("exit $EXIT_CODE"), 15, "exit \\$EXIT_CODE");
  ProcessResult failed = Bash(escaped, {"app"});
  EXPECT_EQ(failed.exit_code, 1) << failed.Describe();
  EXPECT_NE(failed.out.find("Tests failed!\n"), std::string::npos) << failed.out;
  EXPECT_EQ(ListAll(user(1)), nlohmann::json::array());
}

}  // namespace
}  // namespace ds01::e2e
