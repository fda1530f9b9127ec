"""The stage machinery: declarations checked at build time, failures isolated per document."""
import pytest

from frontwatch.corpus import analyse_documents
from frontwatch.pipeline import Pipeline, PipelineError, default_pipeline, stage
from frontwatch.plugins import collect_stages
from frontwatch.records import Document


@stage("boom", produces="boom", requires=("sentences",))
def exploding_stage(analysis):
    if "explode" in analysis.doc.text:
        raise RuntimeError("cannot read this")
    return ["fine"]


def test_pipeline_rejects_a_stage_whose_input_nobody_makes():
    with pytest.raises(PipelineError, match="requires"):
        Pipeline([exploding_stage.stage])


def test_pipeline_rejects_a_layer_made_twice():
    stages = collect_stages()
    with pytest.raises(PipelineError, match="produced twice"):
        Pipeline(stages + [stages[0]])


def test_pipeline_default_declares_every_layer_of_the_export():
    assert {"sentences", "tokens", "times", "places", "actors", "claims", "figures", "control",
            "events"} <= set(default_pipeline().produces)


def test_pipeline_isolates_a_failing_stage_per_document():
    pipeline = Pipeline(collect_stages() + [exploding_stage.stage])
    docs = [Document(id="a", text="Rebels took the town. It will explode."),
            Document(id="b", text="Rebels took the town on Sunday.")]
    result = analyse_documents(docs, pipeline)
    assert result.analyses["a"]["boom"] == [] and result.analyses["a"].failures
    assert result.analyses["b"]["boom"] == ["fine"] and not result.analyses["b"].failures
    assert result.analyses["a"]["sentences"]  # the layers before the failure are kept
    assert [e.where for e in result.errors] == ["a"]


def test_pipeline_strict_raises():
    pipeline = Pipeline(collect_stages() + [exploding_stage.stage], strict=True)
    with pytest.raises(RuntimeError):
        pipeline.run(Document(id="a", text="It will explode."))
