#include "cli/project_files.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>
#include <sstream>

namespace ds01::cli {
namespace {

const ProjectTemplate kThesis{"my-thesis", "pytorch", "pytorch/pytorch:2.3-cuda12", 2};

std::string TextOf(const std::vector<ProjectFile>& files, const std::string& path) {
  for (const ProjectFile& file : files) {
    if (file.path == path) return file.text;
  }
  return "(missing)";
}

TEST(ProjectFiles, TheDockerfileStartsFromTheFrameworksImageAndPyprojectCarriesDs01sTable) {
  const auto files = ProjectFiles(kThesis);
  EXPECT_NE(
      TextOf(files, "Dockerfile").find("\nFROM pytorch/pytorch:2.3-cuda12\nWORKDIR /workspace\n"),
      std::string::npos);
  EXPECT_NE(
      TextOf(files, "pyproject.toml").find("[tool.ds01]\nframework = \"pytorch\"\ngpus = 2\n"),
      std::string::npos);
  EXPECT_NE(TextOf(files, "README.md")
                .find("container deploy my-thesis --image=pytorch/pytorch:2.3-cuda12"),
            std::string::npos);
  EXPECT_NE(TextOf(files, ".gitignore").find("__pycache__/"), std::string::npos);
}

class WriteProjectTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char dir[] = "/tmp/ds01-project-test-XXXXXX";
    ASSERT_NE(mkdtemp(dir), nullptr);
    root_ = dir;
  }
  void TearDown() override { std::filesystem::remove_all(root_); }
  std::filesystem::path root_;
};

TEST_F(WriteProjectTest, WritesEveryFileIntoANewDirectory) {
  ASSERT_TRUE(WriteProject(root_ / "p", ProjectFiles(kThesis)).ok());
  std::ifstream dockerfile(root_ / "p" / "Dockerfile");
  std::stringstream text;
  text << dockerfile.rdbuf();
  EXPECT_EQ(text.str(), TextOf(ProjectFiles(kThesis), "Dockerfile"));
}

TEST_F(WriteProjectTest, AnExistingProjectIsNeverTouched) {
  std::filesystem::create_directory(root_ / "p");
  std::ofstream(root_ / "p" / "Dockerfile") << "FROM mine\n";
  auto written = WriteProject(root_ / "p", ProjectFiles(kThesis));
  ASSERT_FALSE(written.ok());
  EXPECT_EQ(written.error().code, ErrorCode::kConflict);
  EXPECT_EQ(written.error().hint,
            "choose another name, or work in it: container-create p mounts it at /workspace");
  std::ifstream dockerfile(root_ / "p" / "Dockerfile");
  std::string line;
  std::getline(dockerfile, line);
  EXPECT_EQ(line, "FROM mine");
}

}  // namespace
}  // namespace ds01::cli
