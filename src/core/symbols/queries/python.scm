; RLM Explorer symbol query for Python. Functions inside classes become methods in code.
(function_definition name: (identifier) @name) @definition.function
(class_definition name: (identifier) @name) @definition.class
(module (expression_statement (assignment left: (identifier) @name)) @definition.variable)
(class_definition body: (block (expression_statement (assignment left: (identifier) @name)) @definition.field))

(class_definition name: (_) @name superclasses: (argument_list [(identifier) (attribute)] @base))

(call function: (identifier) @name) @reference.call
(call function: (attribute object: (_) @receiver attribute: (identifier) @name)) @reference.call
(type (identifier) @name) @reference.type
(type (generic_type (identifier) @name)) @reference.type
(type (subscript value: (identifier) @name)) @reference.type
(class_definition superclasses: (argument_list (identifier) @name)) @reference.type

(import_statement name: (dotted_name) @import.module @import.namespace) @import
(import_statement name: (aliased_import name: (dotted_name) @import.module alias: (identifier) @import.namespace)) @import
(import_from_statement module_name: (_) @import.module name: (dotted_name) @import.name) @import
(import_from_statement
  module_name: (_) @import.module
  name: (aliased_import name: (dotted_name) @import.name alias: (identifier) @import.alias)) @import
(import_from_statement module_name: (_) @import.module (wildcard_import) @import.wildcard) @import

; ---- typed bindings, for `x.m()` and `self.x.m()` receivers: annotations (reduced to names in code), initialisers
; (calls and attribute chains), `self.x` assignments and class-level annotations as fields, loop variables.
(typed_parameter (identifier) @binding.name type: (type) @binding.type)
(typed_default_parameter name: (identifier) @binding.name type: (type) @binding.type)
(assignment left: (identifier) @binding.name type: (type) @binding.type)
(assignment left: (identifier) @binding.name !type right: [(call) (attribute) (identifier) (await) (boolean_operator) (conditional_expression)] @binding.value)
(assignment
  left: (attribute object: (identifier) @_self attribute: (identifier) @binding.field)
  type: (type) @binding.type
  (#eq? @_self "self"))
(assignment
  left: (attribute object: (identifier) @_self attribute: (identifier) @binding.field)
  !type
  right: [(call) (attribute) (identifier) (await) (boolean_operator) (conditional_expression)] @binding.value
  (#eq? @_self "self"))
(class_definition body: (block (expression_statement (assignment left: (identifier) @binding.field type: (type) @binding.type))))
(for_statement left: (identifier) @binding.name right: [(identifier) (attribute)] @binding.iterates)
(with_item value: (as_pattern (call) @binding.value alias: (as_pattern_target (identifier) @binding.name)))

; ---- attribute reads: they run code when they name a `@property` (kept for those only, in code)
(attribute object: (_) @receiver attribute: (identifier) @name) @reference.read

; ---- locals that give no type (untyped parameters, any assignment): a bare call of one is not a call of a function
; of that name elsewhere. Kept in code only for names the file calls bare.
(parameters
  [(identifier) @binding.local
   (typed_parameter (identifier) @binding.local)
   (default_parameter name: (identifier) @binding.local)
   (typed_default_parameter name: (identifier) @binding.local)
   (list_splat_pattern (identifier) @binding.local)
   (dictionary_splat_pattern (identifier) @binding.local)])
(lambda_parameters
  [(identifier) @binding.local
   (typed_parameter (identifier) @binding.local)
   (default_parameter name: (identifier) @binding.local)
   (typed_default_parameter name: (identifier) @binding.local)
   (list_splat_pattern (identifier) @binding.local)
   (dictionary_splat_pattern (identifier) @binding.local)])
(assignment left: (identifier) @binding.local)
(assignment left: (pattern_list (identifier) @binding.local))
(assignment left: (tuple_pattern (identifier) @binding.local))
(for_statement left: (identifier) @binding.local)
(for_statement left: (pattern_list (identifier) @binding.local))
(for_statement left: (tuple_pattern (identifier) @binding.local))
(with_item value: (as_pattern alias: (as_pattern_target (identifier) @binding.local)))
(named_expression name: (identifier) @binding.local)
(global_statement (identifier) @binding.global)
