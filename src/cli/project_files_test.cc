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
  EXPECT_NE(TextOf(files, "README.md").find("project launch my-thesis"), std::string::npos);
  EXPECT_NE(TextOf(files, ".gitignore").find("__pycache__/"), std::string::npos);
  EXPECT_NE(TextOf(files, ".dockerignore").find(".venv/"), std::string::npos);
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

TEST_F(WriteProjectTest, SettingsComeFromTheToolDs01TableWithDefaults) {
  ASSERT_TRUE(WriteProject(root_ / "p", ProjectFiles(kThesis)).ok());
  auto settings = ReadProjectSettings(root_ / "p");
  ASSERT_TRUE(settings.ok()) << settings.error().ToString();
  EXPECT_EQ(settings->framework, "pytorch");
  EXPECT_EQ(settings->gpus, 2);

  std::filesystem::create_directory(root_ / "bare");
  auto defaults = ReadProjectSettings(root_ / "bare");
  ASSERT_TRUE(defaults.ok());
  EXPECT_EQ(defaults->gpus, 1);
  EXPECT_EQ(defaults->framework, "");

  std::ofstream(root_ / "bare" / "pyproject.toml") << "[project]\nname = \"bare\"\n";
  EXPECT_EQ(ReadProjectSettings(root_ / "bare")->gpus, 1);
}

TEST_F(WriteProjectTest, ABrokenPyprojectNamesTheFile) {
  std::filesystem::create_directory(root_ / "p");
  for (const char* text :
       {"[tool.ds01\ngpus = 1\n", "[tool.ds01]\ngpus = \"two\"\n", "[tool.ds01]\ngpus = -1\n"}) {
    std::ofstream(root_ / "p" / "pyproject.toml", std::ios::trunc) << text;
    auto settings = ReadProjectSettings(root_ / "p");
    ASSERT_FALSE(settings.ok()) << text;
    EXPECT_EQ(settings.error().code, ErrorCode::kInvalidArgument);
    EXPECT_NE(settings.error().message.find("pyproject.toml"), std::string::npos);
  }
}

TEST_F(WriteProjectTest, ListsTheDirectoriesThatHoldADockerfileByName) {
  ASSERT_TRUE(WriteProject(root_ / "zeta", ProjectFiles(kThesis)).ok());
  ASSERT_TRUE(WriteProject(root_ / "alpha", ProjectFiles(kThesis)).ok());
  std::filesystem::create_directory(root_ / "data");
  std::ofstream(root_ / "notes.txt") << "not a project";
  const auto projects = ListProjects(root_);
  ASSERT_EQ(projects.size(), 2u);
  EXPECT_EQ(projects[0].name, "alpha");
  EXPECT_EQ(projects[1].name, "zeta");
  EXPECT_EQ(projects[1].settings.framework, "pytorch");
}

}  // namespace
}  // namespace ds01::cli
