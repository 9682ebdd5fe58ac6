"""loss_curves.png's epoch axis ticks whole epochs: a run of 2 epochs was drawn with ticks at 1.0, 1.2,
1.4, 1.6, 1.8, 2.0, epochs no model was ever scored at."""

from __future__ import annotations

from training import report


def test_the_loss_plots_tick_whole_epochs_only(tmp_path, monkeypatch):
    drawn = []

    def keep(fig, path):
        fig.canvas.draw()
        drawn.append((path.name, [[t.get_position()[0] for t in ax.get_xticklabels() if t.get_text()]
                                  for ax in fig.axes if ax.get_xlabel() == "epoch"]))

    monkeypatch.setattr(report, "_save_figure", keep)
    hist = [{"epoch": 1, "loss": 2.0, "rank": 1.0, "val_t2v_r1": 20.0},
            {"epoch": 2, "loss": 1.5, "rank": 0.8, "val_t2v_r1": 40.0}]
    report.plot(tmp_path, {"mckd": {0: hist}, "baseline": {0: hist}}, {})
    (name, axes), = [d for d in drawn if d[0] == "loss_curves.png"]
    assert axes and all(ticks and all(float(t).is_integer() for t in ticks) for ticks in axes), axes


def test_a_run_of_one_epoch_is_drawn_as_points_at_that_epoch(tmp_path, monkeypatch):
    """A run of one epoch (the smallest settings) drew each stage as a line of one point, which shows
    nothing: every panel of loss_curves.png was empty, its axis ticked 0.945 to 1.050."""
    drawn = []

    def keep(fig, path):
        fig.canvas.draw()
        axes = [ax for ax in fig.axes if ax.get_xlabel() == "epoch"]
        drawn.append((path.name, [[t.get_position()[0] for t in ax.get_xticklabels() if t.get_text()] for ax in axes],
                      [[line.get_marker() for line in ax.get_lines()] for ax in axes]))

    monkeypatch.setattr(report, "_save_figure", keep)
    hist = [{"epoch": 1, "loss": 2.0, "rank": 1.0, "val_t2v_r1": 20.0}]
    report.plot(tmp_path, {"mckd": {0: hist}, "baseline": {0: hist}}, {})
    (_, ticks, markers), = [d for d in drawn if d[0] == "loss_curves.png"]
    assert ticks == [[1.0]] * 3
    assert markers == [["o", "o"]] * 3  # each stage's point drawn
