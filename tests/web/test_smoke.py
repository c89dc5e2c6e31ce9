from dudao.store.rounds import engine
from dudao.store.rounds.models import Round


def test_demo_round_is_loaded_and_scored(demo_round: Round) -> None:
    results = engine.current_results(demo_round)
    assert len(results.units) == 38
