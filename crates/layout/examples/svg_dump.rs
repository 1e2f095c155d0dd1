//! Writes SVG drawings of sample layouts to /tmp/statecraft-layout-*.svg for eyeballing.

#[path = "../tests/common/mod.rs"]
mod common;
#[path = "../tests/common/scenarios.rs"]
mod scenarios;
#[path = "../tests/common/svg.rs"]
mod svg;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let samples = [
        ("parallel3", scenarios::parallel_three()),
        ("map-in-parallel", scenarios::map_in_parallel()),
        ("polling-loop", scenarios::polling_loop()),
        ("choice4", scenarios::choice_four_and_default()),
        ("chain", scenarios::chain(5)),
        ("awkward", scenarios::awkward()),
        ("generated-30", common::machine(30, 3)),
        ("generated-120", common::machine(120, 5)),
    ];
    for (name, request) in samples {
        let layout = statecraft_layout::layout(&request)?;
        let path = format!("/tmp/statecraft-layout-{name}.svg");
        std::fs::write(&path, svg::to_svg(&layout))?;
        eprintln!(
            "{path}: crossings {}",
            statecraft_layout::count_crossings(&layout)
        );
    }
    Ok(())
}
