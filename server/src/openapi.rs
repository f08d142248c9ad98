//! The OpenAPI 3.0 description of the public REST API `/api/v1`, served at
//! `/api/v1/openapi.json`. Tests check it against the OpenAPI schema and
//! call every path it documents, so it cannot drift from the router.

use serde_json::{Value, json};

/// Example values of path parameters: demo data that exists.
pub const EXAMPLE_DEPARTMENT: &str = "SJ";
/// A published version of [`EXAMPLE_DEPARTMENT`].
pub const EXAMPLE_VERSION: &str = "v2024.1";
/// An item with a flowchart and a discretion standard.
pub const EXAMPLE_ITEM: &str = "SJ-CF-004-00";

fn reference(name: &str) -> Value {
    json!({ "$ref": format!("#/components/schemas/{name}") })
}

fn json_content(schema: Value) -> Value {
    json!({ "application/json": { "schema": schema } })
}

fn ok(description: &str, schema: Value) -> Value {
    json!({ "description": description, "content": json_content(schema) })
}

fn error_response(description: &str) -> Value {
    json!({ "description": description, "content": json_content(reference("Error")) })
}

/// The responses every operation shares besides its 200.
fn with_errors(ok_response: Value, not_found: bool) -> Value {
    let mut responses = json!({
        "200": ok_response,
        "304": { "description": "未修改：`If-None-Match` 与当前 `ETag` 相同，无响应体。" },
        "400": error_response("请求参数有误。"),
        "500": error_response("服务器内部错误。")
    });
    if not_found {
        responses["404"] = error_response("部门、版本或事项不存在。");
    }
    responses
}

/// A required string parameter `in` the path or the query.
fn required_parameter(location: &str, name: &str, description: &str, example: &str) -> Value {
    json!({
        "name": name, "in": location, "required": true,
        "description": description,
        "schema": { "type": "string" },
        "example": example
    })
}

fn path_parameter(name: &str, description: &str, example: &str) -> Value {
    required_parameter("path", name, description, example)
}

fn query_parameter(name: &str, description: &str, schema: Value) -> Value {
    json!({
        "name": name, "in": "query", "required": false,
        "description": description, "schema": schema
    })
}

fn version_parameter() -> Value {
    query_parameter(
        "version",
        "已发布版本号（缺省为现行版本）。指定版本的响应不可变，可长期缓存。",
        json!({ "type": "string", "example": EXAMPLE_VERSION }),
    )
}

fn page_parameters(default: usize, max: usize) -> [Value; 2] {
    [
        query_parameter(
            "page",
            "页码，从 1 开始。",
            json!({ "type": "integer", "minimum": 1, "default": 1 }),
        ),
        query_parameter(
            "per_page",
            "每页条数。",
            json!({ "type": "integer", "minimum": 1, "maximum": max, "default": default }),
        ),
    ]
}

fn chart_parameters() -> Vec<Value> {
    vec![
        path_parameter("item_id", "事项 ID（跨版本稳定）。", EXAMPLE_ITEM),
        version_parameter(),
        query_parameter(
            "engine",
            "布局引擎：`sunlit`（默认）或对照用的 `layout-rs`。",
            json!({ "type": "string", "enum": ["sunlit", "layout-rs"], "default": "sunlit" }),
        ),
        query_parameter(
            "direction",
            "`lr` 为从左到右，缺省为从上到下。",
            json!({ "type": "string", "enum": ["lr"] }),
        ),
        query_parameter(
            "swimlanes",
            "按承办岗位分泳道。",
            json!({ "type": "boolean", "default": false }),
        ),
    ]
}

fn get(summary: &str, description: &str, parameters: Vec<Value>, responses: Value) -> Value {
    json!({
        "get": {
            "summary": summary,
            "description": description,
            "parameters": parameters,
            "responses": responses
        }
    })
}

fn string_or_null() -> Value {
    json!({ "type": "string", "nullable": true })
}

fn schemas() -> Value {
    json!({
        "Error": {
            "type": "object",
            "description": "错误。4xx 说明请求哪里有误；5xx 只说内部错误。",
            "required": ["error"],
            "properties": {
                "error": {
                    "type": "object",
                    "required": ["code", "message"],
                    "properties": {
                        "code": { "type": "string", "enum": ["not_found", "bad_request", "unprocessable", "internal"] },
                        "message": { "type": "string" }
                    }
                }
            }
        },
        "Category": {
            "type": "object",
            "description": "权力类别：十类行政权力与公共服务。",
            "required": ["name", "abbr", "sc_code"],
            "properties": {
                "name": { "type": "string", "example": "行政处罚" },
                "abbr": { "type": "string", "enum": ["XK", "CF", "QZ", "ZS", "CJ", "QR", "JF", "JL", "JC", "QT", "GG"] },
                "sc_code": { "type": "string", "example": "1B" }
            }
        },
        "CategoryCount": {
            "type": "object",
            "required": ["category", "count"],
            "properties": { "category": reference("Category"), "count": { "type": "integer" } }
        },
        "DepartmentEntry": {
            "type": "object",
            "required": ["dept_code", "name", "n_items", "categories"],
            "properties": {
                "dept_code": { "type": "string", "example": EXAMPLE_DEPARTMENT },
                "name": { "type": "string" },
                "short_name": string_or_null(),
                "supervision_phone": string_or_null(),
                "n_items": { "type": "integer", "description": "现行版本的事项数。" },
                "current_version": string_or_null(),
                "categories": { "type": "array", "items": reference("CategoryCount") }
            }
        },
        "VersionSummary": {
            "type": "object",
            "required": ["version_id", "dept_code", "department_name", "label", "effective_date", "status", "n_items"],
            "properties": {
                "version_id": { "type": "string" },
                "dept_code": { "type": "string" },
                "department_name": { "type": "string" },
                "label": { "type": "string" },
                "effective_date": { "type": "string", "format": "date" },
                "published_doc_no": string_or_null(),
                "status": { "type": "string", "enum": ["published", "superseded"] },
                "n_items": { "type": "integer" }
            }
        },
        "Item": {
            "type": "object",
            "description": "一个权力事项，字段名与交换格式（interchange JSON）一致。",
            "required": ["item_id", "item_code", "name", "category", "implementing_body", "status"],
            "properties": {
                "item_id": { "type": "string" },
                "item_code": { "type": "string" },
                "name": { "type": "string" },
                "main_item_name": string_or_null(),
                "sub_item_name": string_or_null(),
                "category": reference("Category"),
                "implementing_body": { "type": "string" },
                "implementing_level": string_or_null(),
                "legal_basis": { "type": "array", "items": { "type": "object" } },
                "status": { "type": "string", "enum": ["有效", "暂停", "已取消", "已下放"] },
                "flowchart": { "type": "object" },
                "discretion": reference("Discretion")
            },
            "additionalProperties": true
        },
        "ItemsPage": {
            "type": "object",
            "required": ["dept_code", "version_id", "total", "page", "per_page", "items"],
            "properties": {
                "dept_code": { "type": "string" },
                "version_id": { "type": "string" },
                "total": { "type": "integer", "description": "符合筛选条件的事项总数。" },
                "page": { "type": "integer" },
                "per_page": { "type": "integer" },
                "items": { "type": "array", "items": reference("Item") }
            }
        },
        "Discretion": {
            "type": "object",
            "description": "行政裁量权基准：违法行为、法定幅度与各裁量阶次。",
            "additionalProperties": true
        },
        "Geometry": {
            "type": "object",
            "description": "流程图布局结果：节点框与连线折点，单位为像素。",
            "required": ["width", "height", "nodes", "edges"],
            "properties": {
                "width": { "type": "number" },
                "height": { "type": "number" },
                "nodes": { "type": "array", "items": { "type": "object" } },
                "edges": { "type": "array", "items": { "type": "object" } }
            },
            "additionalProperties": true
        },
        "Segment": {
            "type": "object",
            "required": ["text", "matched"],
            "properties": { "text": { "type": "string" }, "matched": { "type": "boolean", "description": "是否为命中的词。" } }
        },
        "Highlight": {
            "type": "object",
            "required": ["field", "segments"],
            "properties": {
                "field": { "type": "string", "enum": ["name", "sub_item", "code", "flowchart", "implementing_body", "legal_basis"] },
                "segments": { "type": "array", "items": reference("Segment") }
            }
        },
        "SearchHit": {
            "type": "object",
            "required": ["item_id", "item_code", "name", "dept_code", "department_name", "version_id", "category", "score", "matched_all", "highlights"],
            "properties": {
                "item_id": { "type": "string" },
                "item_code": { "type": "string" },
                "name": { "type": "string" },
                "dept_code": { "type": "string" },
                "department_name": { "type": "string" },
                "version_id": { "type": "string" },
                "category": reference("Category"),
                "implementing_level": string_or_null(),
                "score": { "type": "number", "description": "相关度，只有次序有意义。" },
                "matched_all": { "type": "boolean" },
                "highlights": { "type": "array", "items": reference("Highlight") }
            }
        },
        "Facet": {
            "type": "object",
            "required": ["key", "label", "count"],
            "properties": {
                "key": { "description": "筛选值：部门编码，或权力类别对象。" },
                "label": { "type": "string" },
                "count": { "type": "integer" }
            }
        },
        "SearchResults": {
            "type": "object",
            "required": ["total", "page", "per_page", "matched_all", "terms", "hits", "departments", "categories"],
            "properties": {
                "total": { "type": "integer" },
                "page": { "type": "integer" },
                "per_page": { "type": "integer" },
                "matched_all": { "type": "boolean", "description": "为 false 时没有事项包含全部检索词，结果只匹配部分词。" },
                "terms": { "type": "array", "items": { "type": "string" } },
                "hits": { "type": "array", "items": reference("SearchHit") },
                "departments": { "type": "array", "items": reference("Facet") },
                "categories": { "type": "array", "items": reference("Facet") }
            }
        },
        "Comparison": {
            "type": "object",
            "required": ["department", "from", "to", "summary", "items"],
            "properties": {
                "department": { "type": "string" },
                "to_department": { "type": "string", "description": "跨部门比对时另一部门的编码。" },
                "from": { "type": "string" },
                "to": { "type": "string" },
                "summary": {
                    "type": "object",
                    "required": ["added", "removed", "changed", "unchanged"],
                    "properties": {
                        "added": { "type": "integer" },
                        "removed": { "type": "integer" },
                        "changed": { "type": "integer" },
                        "unchanged": { "type": "integer" },
                        "by_category": { "type": "array", "items": { "type": "object" } },
                        "by_adjustment": { "type": "array", "items": { "type": "object" } }
                    }
                },
                "items": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "required": ["item_id", "item_code", "name", "change"],
                        "properties": {
                            "item_id": { "type": "string" },
                            "item_code": { "type": "object", "properties": { "before": string_or_null(), "after": string_or_null() } },
                            "name": { "type": "string" },
                            "change": { "type": "string", "enum": ["added", "removed", "changed"] },
                            "adjustments": { "type": "array", "items": { "type": "object" } },
                            "fields": { "type": "array", "items": { "type": "object", "properties": { "path": { "type": "string" }, "label": { "type": "string" }, "before": {}, "after": {} } } },
                            "legal_basis": { "type": "object" },
                            "flowchart": { "type": "object", "description": "nodes_added, nodes_removed, nodes_changed, edges_added, edges_removed …" },
                            "discretion": { "type": "object" }
                        }
                    }
                }
            }
        },
        "CitingHit": {
            "type": "object",
            "required": ["item_id", "item_code", "name", "dept_code", "department_name", "version_id", "category", "bases"],
            "properties": {
                "item_id": { "type": "string" },
                "item_code": { "type": "string" },
                "name": { "type": "string" },
                "dept_code": { "type": "string" },
                "department_name": { "type": "string" },
                "version_id": { "type": "string" },
                "category": reference("Category"),
                "bases": { "type": "array", "items": { "type": "string" }, "description": "该事项中引用此法条的依据原文。" }
            }
        },
        "CitingResults": {
            "type": "object",
            "required": ["citation", "law", "total", "items"],
            "properties": {
                "citation": { "type": "string", "example": "《土地管理法实施条例》第五十七条" },
                "law": { "type": "string" },
                "article": string_or_null(),
                "total": { "type": "integer" },
                "items": { "type": "array", "items": reference("CitingHit") }
            }
        },
        "InterchangeDocument": {
            "type": "object",
            "description": "交换格式文档：一个部门一个版本的完整清单，可用 `sunlit import` 导入。",
            "required": ["schema_version", "list_version", "departments", "items"],
            "properties": {
                "schema_version": { "type": "string" },
                "jurisdiction": { "type": "object" },
                "list_version": { "type": "object" },
                "departments": { "type": "array", "items": { "type": "object" } },
                "items": { "type": "array", "items": reference("Item") },
                "adjustments": { "type": "array", "items": { "type": "object" } }
            },
            "additionalProperties": true
        },
        "RegistryExport": {
            "type": "object",
            "description": "全部部门的现行清单，每个部门一份交换格式文档。",
            "required": ["schema_version", "documents"],
            "properties": {
                "schema_version": { "type": "string" },
                "documents": { "type": "array", "items": reference("InterchangeDocument") }
            }
        }
    })
}

/// The whole document.
pub fn document() -> Value {
    let code = || path_parameter("code", "部门编码。", EXAMPLE_DEPARTMENT);
    let item_id = || path_parameter("item_id", "事项 ID（跨版本稳定）。", EXAMPLE_ITEM);
    let [page, per_page] = page_parameters(100, crate::catalog::MAX_ITEMS_PER_PAGE);
    let [search_page, search_per_page] = page_parameters(20, data::search::MAX_PER_PAGE);
    let image = |media: &str| {
        json!({
            "description": "流程图。",
            "content": { media: { "schema": { "type": "string", "format": "binary" } } }
        })
    };
    let mut paths = serde_json::Map::new();
    let mut add = |path: &str, operation: Value| {
        paths.insert(path.to_owned(), operation);
    };
    add(
        "/departments",
        get(
            "部门列表",
            "全部部门及其现行版本的事项数、各类别数。",
            vec![],
            with_errors(
                ok(
                    "部门列表。",
                    json!({ "type": "array", "items": reference("DepartmentEntry") }),
                ),
                false,
            ),
        ),
    );
    add(
        "/departments/{code}/versions",
        get(
            "部门的已发布版本",
            "从新到旧；第一个为现行版本（status = published）。",
            vec![code()],
            with_errors(
                ok(
                    "版本列表。",
                    json!({ "type": "array", "items": reference("VersionSummary") }),
                ),
                true,
            ),
        ),
    );
    add(
        "/departments/{code}/items",
        get(
            "部门清单中的事项",
            "按清单顺序分页返回完整事项，可按类别和状态筛选。",
            vec![
                code(),
                version_parameter(),
                query_parameter(
                    "category",
                    "权力类别简称（如 `CF`）或名称（如 `行政处罚`）。",
                    json!({ "type": "string" }),
                ),
                query_parameter(
                    "status",
                    "事项状态。",
                    json!({ "type": "string", "enum": ["有效", "暂停", "已取消", "已下放"] }),
                ),
                page,
                per_page,
            ],
            with_errors(ok("一页事项。", reference("ItemsPage")), true),
        ),
    );
    add(
        "/departments/{code}/versions/{version}/export.json",
        get(
            "下载一个版本（交换格式 JSON）",
            "以附件形式返回该版本的交换格式文档；内容不可变。",
            vec![
                code(),
                path_parameter("version", "已发布版本号。", EXAMPLE_VERSION),
            ],
            with_errors(ok("交换格式文档。", reference("InterchangeDocument")), true),
        ),
    );
    for (extension, media, what) in [
        (
            "xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "Excel 工作簿，每张表一个工作表（事项、法律依据、流程步骤、流转条件、裁量基准、版本信息），可原样导入。",
        ),
        (
            "csv",
            "text/csv",
            "事项表（UTF-8 带 BOM，Excel 可直接打开）。",
        ),
        (
            "csv.zip",
            "application/zip",
            "压缩包，每张表一个 CSV 文件（UTF-8 带 BOM），可原样导入。",
        ),
    ] {
        add(
            &format!("/departments/{{code}}/versions/{{version}}/export.{extension}"),
            get(
                &format!("下载一个版本（{extension}）"),
                what,
                vec![
                    code(),
                    path_parameter("version", "已发布版本号。", EXAMPLE_VERSION),
                ],
                with_errors(
                    json!({
                        "description": "附件。",
                        "content": { media: { "schema": { "type": "string", "format": "binary" } } }
                    }),
                    true,
                ),
            ),
        );
    }
    add(
        "/export.json",
        get(
            "下载全部现行清单",
            "每个部门现行版本的交换格式文档，合为一个附件。",
            vec![],
            with_errors(ok("全部现行清单。", reference("RegistryExport")), false),
        ),
    );
    add(
        "/export.zip",
        get(
            "下载全部现行清单（JSON、Excel、CSV）",
            "压缩包：每个部门现行版本的交换格式 JSON、Excel 工作簿和事项表 CSV，文件名如 SJ-v2024.1.xlsx。",
            vec![],
            with_errors(
                json!({
                    "description": "压缩包。",
                    "content": { "application/zip": { "schema": { "type": "string", "format": "binary" } } }
                }),
                false,
            ),
        ),
    );
    add(
        "/items/{item_id}",
        get(
            "事项详情",
            "缺省为包含该事项的最新版本；响应头 `X-Sunlit-Version` 给出版本号。",
            vec![item_id(), version_parameter()],
            with_errors(ok("事项。", reference("Item")), true),
        ),
    );
    add(
        "/items/{item_id}/discretion",
        get(
            "事项的裁量基准",
            "行政裁量权基准；事项没有裁量基准时返回 404。",
            vec![item_id(), version_parameter()],
            with_errors(ok("裁量基准。", reference("Discretion")), true),
        ),
    );
    let mut svg = with_errors(image("image/svg+xml"), true);
    svg["422"] = error_response("流程图数据无效，无法绘制。");
    add(
        "/items/{item_id}/flowchart.svg",
        get(
            "流程图（SVG）",
            "按政府流程图规范绘制的 SVG，带 `<title>` 与 `<desc>`。",
            chart_parameters(),
            svg,
        ),
    );
    let mut png = with_errors(image("image/png"), true);
    png["422"] = error_response("流程图数据无效，无法绘制。");
    add(
        "/items/{item_id}/flowchart.png",
        get(
            "流程图（PNG）",
            "与 SVG 相同的图，位图。",
            chart_parameters(),
            png,
        ),
    );
    let mut geometry = with_errors(ok("布局几何。", reference("Geometry")), true);
    geometry["422"] = error_response("流程图数据无效，无法布局。");
    add(
        "/items/{item_id}/flowchart.json",
        get(
            "流程图布局（JSON）",
            "节点与连线的坐标，供自行绘制；只支持 `sunlit` 引擎。",
            chart_parameters(),
            geometry,
        ),
    );
    add(
        "/search",
        get(
            "检索事项",
            "在各部门现行清单中全文检索（中文分词、常用说法同义词）。结果含命中片段、按部门与类别的计数和分页。",
            vec![
                query_parameter(
                    "q",
                    "检索词，如 `食品经营许可`、`开饭店要办什么证`。",
                    json!({ "type": "string", "example": "食品" }),
                ),
                query_parameter(
                    "department",
                    "只看该部门（部门编码）。",
                    json!({ "type": "string" }),
                ),
                query_parameter(
                    "category",
                    "只看该类别（简称或名称）。",
                    json!({ "type": "string" }),
                ),
                query_parameter(
                    "level",
                    "只看该行使层级，如 `县级`。",
                    json!({ "type": "string" }),
                ),
                search_page,
                search_per_page,
            ],
            with_errors(ok("一页结果。", reference("SearchResults")), false),
        ),
    );
    add(
        "/basis",
        get(
            "按法律依据查事项",
            "哪些事项引用了某部法律（某一条）：书名号、“中华人民共和国”前缀可有可无，条号可写汉字或数字。",
            vec![required_parameter(
                "query",
                "law",
                "法律名称及条款，如 `《土地管理法实施条例》第五十七条` 或 `土地管理法实施条例第57条`。",
                "《中华人民共和国食品安全法》第三十五条",
            )],
            with_errors(ok("引用该依据的事项。", reference("CitingResults")), false),
        ),
    );
    let mut compared = with_errors(ok("比对结果。", reference("Comparison")), true);
    compared["200"]["content"][crate::export::ExportFormat::Xlsx.content_type()] =
        json!({ "schema": { "type": "string", "format": "binary" } });
    add(
        "/compare",
        get(
            "版本比对",
            "同一部门两个已发布版本逐项、逐字段、逐流程图、逐裁量阶次比对；缺省为现行版本与上一版本。给出 `to_department` 时 `to` 是该部门的版本，按目录编码或去掉区划和部门段的事项编码对应同一事项（上下级同一事项比对）。`format=xlsx` 下载新旧对照表工作簿。",
            vec![
                required_parameter("query", "department", "部门编码。", "ZR"),
                query_parameter(
                    "from",
                    "原版本号，缺省为新版本的上一版本（跨部门比对时为本部门现行版本）。",
                    json!({ "type": "string" }),
                ),
                query_parameter(
                    "to",
                    "新版本号，缺省为现行版本。",
                    json!({ "type": "string" }),
                ),
                query_parameter(
                    "to_department",
                    "另一部门的编码：与该部门的清单比对同一事项。",
                    json!({ "type": "string" }),
                ),
                query_parameter(
                    "format",
                    "`json`（缺省）或 `xlsx`。",
                    json!({ "type": "string", "enum": ["json", "xlsx"] }),
                ),
            ],
            compared,
        ),
    );
    add(
        "/openapi.json",
        get(
            "本文档",
            "OpenAPI 3.0 描述。",
            vec![],
            json!({ "200": { "description": "OpenAPI 文档。", "content": json_content(json!({ "type": "object" })) } }),
        ),
    );
    json!({
        "openapi": "3.0.3",
        "info": {
            "title": "阳光清单公开接口",
            "version": "1.0.0",
            "description": "政府部门权责清单的只读公开接口：部门、版本、事项、运行流程图、裁量基准、检索、法律依据反查与批量下载。\n\n字段名与交换格式一致，日期为 ISO 8601。错误统一为 `{\"error\": {\"code\", \"message\"}}`。每个成功的 GET 带强 `ETag`，可用 `If-None-Match` 得到 304；指定已发布版本的内容可长期缓存（`immutable`），现行内容缓存 60 秒。允许任何来源跨域读取（CORS，不带凭据）。",
            "license": { "name": "MIT" }
        },
        "servers": [{ "url": "/api/v1" }],
        "paths": Value::Object(paths),
        "components": { "schemas": schemas() }
    })
}
