from conftest import ProjectFolder


def test_the_minimal_project_is_clean(project: ProjectFolder) -> None:
    assert project.check() == []
